package dev.ravel.tensor.cpu;

import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.UnaryOp;

import static dev.ravel.tensor.cpu.CpuArrays.array;

/**
 * Elementwise kernels. float32 goes through {@link FloatKernels} on contiguous runs; strided runs
 * are gathered into a small per-thread buffer first, so the vector loops see contiguous data
 * whatever the layout. float64 and int64 use plain loops over the reference semantics of each op.
 */
final class CpuElementwise {
    /** Elements per parallel chunk: below 2x this an op stays on the calling thread. */
    static final int GRAIN = 32_768;
    /** Buffer length for strided runs: small enough to stay in L1. */
    private static final int CHUNK = 1024;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[3 * CHUNK]);

    private final FloatKernels k;

    CpuElementwise(FloatKernels k) {
        this.k = k;
    }

    // ---- copy / cast ----

    void copy(NDArray dst, NDArray src) {
        StridedLoop loop = StridedLoop.of(dst, src);
        int sd = loop.innerStride(0);
        int ss = loop.innerStride(1);
        Object d = array(dst);
        Object s = array(src);
        if (dst.dtype() == src.dtype()) {
            loop.parallel(GRAIN, (off, n) -> copySame(d, off[0], sd, s, off[1], ss, n));
        } else if (castFast(d, s)) {
            loop.parallel(GRAIN, (off, n) -> cast(d, off[0], sd, s, off[1], ss, n));
        } else {
            loop.parallel(GRAIN, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    CpuArrays.write(d, off[0] + i * sd, CpuArrays.read(s, off[1] + i * ss));
                }
            });
        }
    }

    /** The dtype pairs with a dedicated conversion loop (the rest go element by element through double). */
    private static boolean castFast(Object d, Object s) {
        return (s instanceof boolean[] && !(d instanceof boolean[])) || (d instanceof float[] && s instanceof double[])
                || (d instanceof double[] && s instanceof float[]) || (d instanceof float[] && s instanceof long[])
                || (d instanceof long[] && s instanceof float[]);
    }

    private static void cast(Object d, int dOff, int sd, Object s, int sOff, int ss, int n) {
        switch (s) {
            case boolean[] b -> {
                switch (d) {
                    case float[] o -> { for (int i = 0; i < n; i++) { o[dOff + i * sd] = b[sOff + i * ss] ? 1f : 0f; } }
                    case double[] o -> { for (int i = 0; i < n; i++) { o[dOff + i * sd] = b[sOff + i * ss] ? 1.0 : 0.0; } }
                    case long[] o -> { for (int i = 0; i < n; i++) { o[dOff + i * sd] = b[sOff + i * ss] ? 1L : 0L; } }
                    default -> throw new IllegalStateException();
                }
            }
            case double[] x -> {
                float[] o = (float[]) d;
                for (int i = 0; i < n; i++) {
                    o[dOff + i * sd] = (float) x[sOff + i * ss];
                }
            }
            case long[] x -> {
                float[] o = (float[]) d;
                for (int i = 0; i < n; i++) {
                    o[dOff + i * sd] = x[sOff + i * ss];
                }
            }
            case float[] x -> {
                if (d instanceof double[] o) {
                    for (int i = 0; i < n; i++) {
                        o[dOff + i * sd] = x[sOff + i * ss];
                    }
                } else {
                    long[] o = (long[]) d;
                    for (int i = 0; i < n; i++) {
                        o[dOff + i * sd] = (long) x[sOff + i * ss];
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void copySame(Object d, int dOff, int sd, Object s, int sOff, int ss, int n) {
        if (sd == 1 && ss == 1) {
            System.arraycopy(s, sOff, d, dOff, n);
            return;
        }
        switch (d) {
            case float[] o -> {
                float[] a = (float[]) s;
                if (ss == 0 && sd == 1) {
                    java.util.Arrays.fill(o, dOff, dOff + n, a[sOff]);
                } else {
                    for (int i = 0; i < n; i++) {
                        o[dOff + i * sd] = a[sOff + i * ss];
                    }
                }
            }
            case double[] o -> {
                double[] a = (double[]) s;
                for (int i = 0; i < n; i++) {
                    o[dOff + i * sd] = a[sOff + i * ss];
                }
            }
            case long[] o -> {
                long[] a = (long[]) s;
                for (int i = 0; i < n; i++) {
                    o[dOff + i * sd] = a[sOff + i * ss];
                }
            }
            case boolean[] o -> {
                boolean[] a = (boolean[]) s;
                for (int i = 0; i < n; i++) {
                    o[dOff + i * sd] = a[sOff + i * ss];
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    // ---- unary ----

    void unary(UnaryOp op, NDArray dst, NDArray src, double p0, double p1) {
        StridedLoop loop = StridedLoop.of(dst, src);
        int sd = loop.innerStride(0);
        int ss = loop.innerStride(1);
        Object s = array(src);
        Object d = array(dst);
        if (d instanceof boolean[] out) {
            loop.parallel(GRAIN, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    out[off[0] + i * sd] = op.apply(CpuArrays.read(s, off[1] + i * ss), p0, p1) != 0;
                }
            });
            return;
        }
        switch (src.dtype()) {
            case FLOAT32 -> {
                float f0 = (float) p0;
                float f1 = (float) p1;
                mapFloat(loop, (float[]) d, (float[]) s, (x, xo, y, yo, n) -> k.unary(op, x, xo, y, yo, n, f0, f1));
            }
            case FLOAT64 -> {
                double[] x = (double[]) s;
                double[] y = (double[]) d;
                loop.parallel(GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        y[off[0] + i * sd] = op.apply(x[off[1] + i * ss], p0, p1);
                    }
                });
            }
            case INT64 -> {
                long[] x = (long[]) s;
                long[] y = (long[]) d;
                loop.parallel(GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        y[off[0] + i * sd] = op.applyLong(x[off[1] + i * ss], p0, p1);
                    }
                });
            }
            case BOOL -> throw new IllegalArgumentException(op.opName() + ": not supported for torch.bool");
        }
    }

    @FunctionalInterface
    private interface FloatMap {
        void run(float[] x, int xo, float[] y, int yo, int n);
    }

    @FunctionalInterface
    private interface FloatZip {
        void run(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);
    }

    private static void mapFloat(StridedLoop loop, float[] y, float[] x, FloatMap body) {
        int sy = loop.innerStride(0);
        int sx = loop.innerStride(1);
        loop.parallel(GRAIN, (off, n) -> {
            if (sy == 1 && sx == 1) {
                body.run(x, off[1], y, off[0], n);
                return;
            }
            float[] buf = SCRATCH.get();
            for (int c = 0; c < n; c += CHUNK) {
                int m = Math.min(CHUNK, n - c);
                float[] xa = x;
                int xo = off[1] + c * sx;
                if (sx != 1) {
                    gather(x, xo, sx, buf, 0, m);
                    xa = buf;
                    xo = 0;
                }
                if (sy == 1) {
                    body.run(xa, xo, y, off[0] + c, m);
                } else {
                    body.run(xa, xo, buf, CHUNK, m);
                    scatter(buf, CHUNK, y, off[0] + c * sy, sy, m);
                }
            }
        });
    }

    private static void gather(float[] x, int xo, int sx, float[] buf, int bo, int m) {
        if (sx == 0) {
            java.util.Arrays.fill(buf, bo, bo + m, x[xo]);
        } else {
            for (int i = 0; i < m; i++) {
                buf[bo + i] = x[xo + i * sx];
            }
        }
    }

    private static void scatter(float[] buf, int bo, float[] y, int yo, int sy, int m) {
        for (int i = 0; i < m; i++) {
            y[yo + i * sy] = buf[bo + i];
        }
    }

    // ---- binary ----

    void binary(BinaryOp op, NDArray dst, NDArray a, NDArray b) {
        StridedLoop loop = StridedLoop.of(dst, a, b);
        int sd = loop.innerStride(0);
        int sa = loop.innerStride(1);
        int sb = loop.innerStride(2);
        Object x = array(a);
        Object y = array(b);
        Object d = array(dst);
        if (d instanceof boolean[] out) {
            compare(op, loop, out, x, y);
            return;
        }
        switch (a.dtype()) {
            case FLOAT32 -> zipFloat(loop, op, (float[]) d, (float[]) x, (float[]) y);
            case FLOAT64 -> {
                double[] p = (double[]) x;
                double[] q = (double[]) y;
                double[] o = (double[]) d;
                loop.parallel(GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = op.apply(p[off[1] + i * sa], q[off[2] + i * sb]);
                    }
                });
            }
            case INT64 -> {
                long[] p = (long[]) x;
                long[] q = (long[]) y;
                long[] o = (long[]) d;
                loop.parallel(GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = op.applyLong(p[off[1] + i * sa], q[off[2] + i * sb]);
                    }
                });
            }
            case BOOL -> throw new IllegalArgumentException(op.opName() + ": arithmetic on torch.bool reaches the"
                    + " backend as int64");
        }
    }

    private static void compare(BinaryOp op, StridedLoop loop, boolean[] out, Object x, Object y) {
        int sd = loop.innerStride(0);
        int sa = loop.innerStride(1);
        int sb = loop.innerStride(2);
        if (x instanceof float[] p) {
            float[] q = (float[]) y;
            loop.parallel(GRAIN, (off, n) -> compareFloat(op, p, off[1], sa, q, off[2], sb, out, off[0], sd, n));
        } else if (x instanceof long[] p) {
            long[] q = (long[]) y;
            loop.parallel(GRAIN, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    out[off[0] + i * sd] = op.applyLong(p[off[1] + i * sa], q[off[2] + i * sb]) != 0;
                }
            });
        } else {
            loop.parallel(GRAIN, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    out[off[0] + i * sd] = op.apply(CpuArrays.read(x, off[1] + i * sa), CpuArrays.read(y, off[2] + i * sb)) != 0;
                }
            });
        }
    }

    /** float32 comparisons with the op chosen once per run, not per element. */
    private static void compareFloat(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, boolean[] out,
                                     int oo, int so, int n) {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] == b[bo + i * sb]; } }
            case NE -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] != b[bo + i * sb]; } }
            case LT -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] < b[bo + i * sb]; } }
            case LE -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] <= b[bo + i * sb]; } }
            case GT -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] > b[bo + i * sb]; } }
            case GE -> { for (int i = 0; i < n; i++) { out[oo + i * so] = a[ao + i * sa] >= b[bo + i * sb]; } }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i * so] = op.apply(a[ao + i * sa], b[bo + i * sb]) != 0;
                }
            }
        }
    }

    private static boolean commutative(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.MAXIMUM || op == BinaryOp.MINIMUM;
    }

    private void zipFloat(StridedLoop loop, BinaryOp op, float[] y, float[] a, float[] b) {
        int sy = loop.innerStride(0);
        int sa = loop.innerStride(1);
        int sb = loop.innerStride(2);
        FloatZip body = (p, po, q, qo, o, oo, n) -> k.binary(op, p, po, q, qo, o, oo, n);
        loop.parallel(GRAIN, (off, n) -> {
            if (sy == 1 && sa == 1 && sb == 1) {
                body.run(a, off[1], b, off[2], y, off[0], n);
                return;
            }
            if (sy == 1 && sa == 1 && sb == 0) {
                k.binaryScalar(op, a, off[1], b[off[2]], y, off[0], n);
                return;
            }
            if (sy == 1 && sa == 0 && sb == 1 && commutative(op)) {
                k.binaryScalar(op, b, off[2], a[off[1]], y, off[0], n);
                return;
            }
            float[] buf = SCRATCH.get();
            for (int c = 0; c < n; c += CHUNK) {
                int m = Math.min(CHUNK, n - c);
                float[] pa = a;
                int pao = off[1] + c * sa;
                if (sa != 1) {
                    gather(a, pao, sa, buf, 0, m);
                    pa = buf;
                    pao = 0;
                }
                float[] pb = b;
                int pbo = off[2] + c * sb;
                if (sb != 1) {
                    gather(b, pbo, sb, buf, CHUNK, m);
                    pb = buf;
                    pbo = CHUNK;
                }
                if (sy == 1) {
                    body.run(pa, pao, pb, pbo, y, off[0] + c, m);
                } else {
                    body.run(pa, pao, pb, pbo, buf, 2 * CHUNK, m);
                    scatter(buf, 2 * CHUNK, y, off[0] + c * sy, sy, m);
                }
            }
        });
    }

    // ---- Adam ----

    /** One fused Adam step over contiguous arrays of one dtype (checked by the caller). */
    void adamStep(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, double beta1, double beta2,
                  double stepSize, double invBc2Sqrt, double eps) {
        int po = param.offset();
        int go = grad.offset();
        int mo = expAvg.offset();
        int vo = expAvgSq.offset();
        if (array(param) instanceof float[] p) {
            float[] g = (float[]) array(grad);
            float[] m = (float[]) array(expAvg);
            float[] v = (float[]) array(expAvgSq);
            Parallel.forRange(param.numel(), GRAIN, (i0, i1) -> k.adamStep(p, po + i0, g, go + i0, m, mo + i0, v,
                    vo + i0, i1 - i0, (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) stepSize,
                    (float) invBc2Sqrt, (float) eps));
            return;
        }
        double[] p = (double[]) array(param);
        double[] g = (double[]) array(grad);
        double[] m = (double[]) array(expAvg);
        double[] v = (double[]) array(expAvgSq);
        Parallel.forRange(param.numel(), GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double gi = g[go + i];
                double mi = Math.fma(m[mo + i], beta1, gi * (1 - beta1));
                double vi = Math.fma(v[vo + i], beta2, gi * gi * (1 - beta2));
                mi = Math.abs(mi) < Double.MIN_NORMAL ? 0 : mi;
                vi = vi < Double.MIN_NORMAL ? 0 : vi;
                m[mo + i] = mi;
                v[vo + i] = vi;
                p[po + i] = Math.fma(mi / Math.fma(Math.sqrt(vi), invBc2Sqrt, eps), stepSize, p[po + i]);
            }
        });
    }

    // ---- ternary (fused a*beta + alpha*f(b, c)) ----

    void ternary(dev.ravel.tensor.TernaryOp op, NDArray dst, NDArray a, NDArray b, NDArray c, double beta, double alpha,
                 double scale, double eps) {
        StridedLoop loop = StridedLoop.of(dst, a, b, c);
        int sd = loop.innerStride(0);
        int sa = loop.innerStride(1);
        int sb = loop.innerStride(2);
        int sc = loop.innerStride(3);
        Object d = array(dst);
        if (d instanceof float[] y) {
            float[] x = (float[]) array(a);
            float[] p = (float[]) array(b);
            float[] q = (float[]) array(c);
            boolean contiguous = sd == 1 && sa == 1 && sb == 1 && (sc == 1 || !op.usesC());
            loop.parallel(GRAIN, (off, n) -> {
                if (contiguous) {
                    k.ternary(op, x, off[1], p, off[2], q, off[3], y, off[0], n, (float) beta, (float) alpha, (float) scale,
                            (float) eps);
                } else {
                    for (int i = 0; i < n; i++) {
                        y[off[0] + i * sd] = (float) op.apply(x[off[1] + i * sa], p[off[2] + i * sb], q[off[3] + i * sc],
                                beta, alpha, scale, eps);
                    }
                }
            });
            return;
        }
        double[] y = (double[]) d;
        double[] x = (double[]) array(a);
        double[] p = (double[]) array(b);
        double[] q = (double[]) array(c);
        loop.parallel(GRAIN, (off, n) -> {
            for (int i = 0; i < n; i++) {
                y[off[0] + i * sd] = op.apply(x[off[1] + i * sa], p[off[2] + i * sb], q[off[3] + i * sc], beta, alpha,
                        scale, eps);
            }
        });
    }

    // ---- where ----

    void where(NDArray dst, NDArray cond, NDArray a, NDArray b) {
        StridedLoop loop = StridedLoop.of(dst, cond, a, b);
        int sd = loop.innerStride(0);
        int sc = loop.innerStride(1);
        int sa = loop.innerStride(2);
        int sb = loop.innerStride(3);
        boolean[] c = CpuArrays.bool(cond);
        Object d = array(dst);
        Object x = array(a);
        Object y = array(b);
        loop.parallel(GRAIN, (off, n) -> {
            switch (d) {
                case float[] o -> {
                    float[] p = (float[]) x;
                    float[] q = (float[]) y;
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = c[off[1] + i * sc] ? p[off[2] + i * sa] : q[off[3] + i * sb];
                    }
                }
                case double[] o -> {
                    double[] p = (double[]) x;
                    double[] q = (double[]) y;
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = c[off[1] + i * sc] ? p[off[2] + i * sa] : q[off[3] + i * sb];
                    }
                }
                case long[] o -> {
                    long[] p = (long[]) x;
                    long[] q = (long[]) y;
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = c[off[1] + i * sc] ? p[off[2] + i * sa] : q[off[3] + i * sb];
                    }
                }
                case boolean[] o -> {
                    boolean[] p = (boolean[]) x;
                    boolean[] q = (boolean[]) y;
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * sd] = c[off[1] + i * sc] ? p[off[2] + i * sa] : q[off[3] + i * sb];
                    }
                }
                default -> throw new IllegalStateException();
            }
        });
    }
}
