package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.ReduceOp;

import static dev.ravel.tensor.cpu.CpuArrays.array;

/**
 * Reductions, arg-reductions, scans and softmax. Every one is "for each output position, walk a
 * run of the input": the output positions come from a {@link StridedLoop} over the kept dims, the
 * run is the reduced dims (coalesced into one strided run when they can be).
 */
final class CpuReductions {
    private static final int GRAIN = CpuElementwise.GRAIN;
    /** Rows summed in float before their partial sums go into double ({@link #columnSums}). */
    private static final int ROW_BLOCK = 16;
    private final FloatKernels k;

    CpuReductions(FloatKernels k) {
        this.k = k;
    }

    // ---- reduce ----

    void reduce(ReduceOp op, NDArray dst, NDArray src, int[] dims) {
        int rank = src.dim();
        boolean[] reduced = new boolean[rank];
        for (int d : dims) {
            reduced[d] = true;
        }
        int[] shape = src.shape();
        int[] strides = src.strides();
        int nr = dims.length;
        int[] rShape = new int[nr];
        int[] rStride = new int[nr];
        for (int d = 0, j = 0; d < rank; d++) {
            if (reduced[d]) {
                rShape[j] = shape[d];
                rStride[j++] = strides[d];
            }
        }
        StridedLoop run = StridedLoop.of(rShape, new int[][] {rStride}, new int[] {0});
        StridedLoop outer = StridedLoop.of(dst.shape(), new int[][] {dst.strides(), strides},
                new int[] {dst.offset(), src.offset()});
        Object s = array(src);
        Object d = array(dst);
        int len = run.numel();
        boolean singleRun = run.innerSize() == len;
        int rs = run.innerStride(0);

        if (op == ReduceOp.SUM && s instanceof float[] x && singleRun && outer.innerStride(1) == 1
                && outer.innerStride(0) == 1 && outer.innerSize() >= 16) {
            columnSums((float[]) d, x, outer, rs, len);
            return;
        }
        if (s instanceof long[] x && d instanceof long[] y) {
            reduceLongs(op, y, x, outer, run, len);
            return;
        }
        if (outer.numel() == 1 && singleRun && len >= 2 * GRAIN) {
            reduceOneInParallel(op, d, dst.offset(), s, src.offset(), rs, len);
            return;
        }
        if (op == ReduceOp.SUM && s instanceof float[] x && d instanceof float[] y && singleRun && rs == 1
                && outer.innerStride(0) == 1) {
            // rows of contiguous elements into contiguous sums (sum over the last dim): one kernel call
            // per range of rows; per row through reduceRun it measured 0.140 against 0.122-0.124 ms on [4096, 1024]
            int is = outer.innerStride(1);
            outer.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> k.rowSums(x, off[1], is, len, n, y, off[0]));
            return;
        }
        int os = outer.innerStride(0);
        int is = outer.innerStride(1);
        outer.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> {
            for (int j = 0; j < n; j++) {
                int base = off[1] + j * is;
                int at = off[0] + j * os;
                if (singleRun) {
                    store(d, at, reduceRun(op, s, base, rs, len));
                } else if (run.rank() == 2) {
                    // runs at a fixed stride, e.g. a conv's bias gradient over [N, C, H, W] (dims 0, 2, 3):
                    // a plain loop, which measured 40 against 70 us through forEach's callbacks
                    Acc acc = new Acc(op);
                    for (int r = 0, runs = run.size(0), step = run.stride(0, 0); r < runs; r++) {
                        acc.add(reduceRun(op, s, base + r * step, rs, run.innerSize()));
                    }
                    store(d, at, acc.value);
                } else {
                    Acc acc = new Acc(op);
                    run.forEach(new int[] {base}, 0, len, (o2, m) -> acc.add(reduceRun(op, s, o2[0], run.innerStride(0), m)));
                    store(d, at, acc.value);
                }
            }
        });
    }

    /** int64 in long arithmetic throughout: through double, sums and extremes beyond 2^53 would round. */
    private static void reduceLongs(ReduceOp op, long[] y, long[] x, StridedLoop outer, StridedLoop run, int len) {
        int os = outer.innerStride(0);
        int is = outer.innerStride(1);
        int rs = run.innerStride(0);
        outer.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> {
            for (int j = 0; j < n; j++) {
                long[] acc = {op == ReduceOp.PROD || op == ReduceOp.ALL ? 1 : 0};
                boolean[] first = {true};
                run.forEach(new int[] {off[1] + j * is}, 0, len, (o2, m) -> {
                    long v = reduceLong(op, x, o2[0], rs, m);
                    acc[0] = first[0] ? v : combineLong(op, acc[0], v);
                    first[0] = false;
                });
                y[off[0] + j * os] = acc[0];
            }
        });
    }

    /** Sums over an outer dim into contiguous rows: {@code dst[j] = sum_r src[r * rowStride + j]}, vectorised along j. */
    private void columnSums(float[] dst, float[] src, StridedLoop outer, int rowStride, int rows) {
        outer.parallel(Math.max(16, GRAIN / Math.max(1, rows)), (off, n) -> {
            // Float axpy over blocks of rows, each block's partial sums added into double totals: one
            // float accumulator over ~1000 rows would be off by ~1e-5 of the sum.
            float[] part = new float[n];
            double[] total = new double[n];
            for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
                java.util.Arrays.fill(part, 0f);
                for (int r = r0; r < Math.min(rows, r0 + ROW_BLOCK); r++) {
                    k.axpy(1f, src, off[1] + r * rowStride, part, 0, n);
                }
                for (int j = 0; j < n; j++) {
                    total[j] += part[j];
                }
            }
            for (int j = 0; j < n; j++) {
                dst[off[0] + j] = (float) total[j];
            }
        });
    }

    /** One output from a long run: partial results per thread, combined in a fixed order. */
    private void reduceOneInParallel(ReduceOp op, Object d, int at, Object s, int base, int stride, int len) {
        int chunks = Parallel.numThreads();
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int from = (int) ((long) len * c / chunks);
                int to = (int) ((long) len * (c + 1) / chunks);
                partial[c] = reduceRun(op, s, base + from * stride, stride, to - from);
            }
        });
        Acc acc = new Acc(op);
        for (double p : partial) {
            acc.add(p);
        }
        store(d, at, acc.value);
    }

    /** Combines partial results of one op. */
    private static final class Acc {
        final ReduceOp op;
        double value;
        boolean first = true;

        Acc(ReduceOp op) {
            this.op = op;
            this.value = op.hasIdentity() ? op.identity() : Double.NaN;
        }

        void add(double v) {
            if (first && !op.hasIdentity()) {
                value = v;
            } else {
                value = combine(op, value, v);
            }
            first = false;
        }
    }

    private static double combine(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ALL -> a != 0 && b != 0 ? 1 : 0;
            case ANY -> a != 0 || b != 0 ? 1 : 0;
        };
    }

    private static void store(Object d, int at, double v) {
        CpuArrays.write(d, at, v);
    }

    /** Reduces {@code n} elements {@code base, base+stride, ...}; results travel as double (exact for float, int64 sums below 2^53). */
    private double reduceRun(ReduceOp op, Object s, int base, int stride, int n) {
        if (n == 0) {
            return op.identity();
        }
        switch (s) {
            case float[] x -> {
                if (stride == 1) {
                    switch (op) {
                        case SUM: return k.sum(x, base, n);
                        case MAX: return k.max(x, base, n);
                        case MIN: return k.min(x, base, n);
                        default: break;
                    }
                }
                double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.PROD ? 1 : x[base];
                for (int i = 0; i < n; i++) {
                    acc = combine(op, acc, x[base + i * stride]);
                }
                return acc;
            }
            case double[] x -> {
                double acc = op == ReduceOp.SUM ? 0 : op == ReduceOp.PROD ? 1 : x[base];
                for (int i = 0; i < n; i++) {
                    acc = combine(op, acc, x[base + i * stride]);
                }
                return acc;
            }
            case long[] x -> {
                return reduceLong(op, x, base, stride, n);
            }
            case boolean[] x -> {
                boolean all = true;
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    boolean v = x[base + i * stride];
                    all &= v;
                    any |= v;
                }
                return switch (op) {
                    case ALL, MIN, PROD -> all ? 1 : 0;
                    case ANY, MAX -> any ? 1 : 0;
                    case SUM -> throw new IllegalStateException("sum over bool reaches the backend as int64");
                };
            }
            default -> throw new IllegalStateException();
        }
    }

    private static long reduceLong(ReduceOp op, long[] x, int base, int stride, int n) {
        long acc = switch (op) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX, MIN -> x[base];
        };
        for (int i = 0; i < n; i++) {
            acc = combineLong(op, acc, x[base + i * stride]);
        }
        return acc;
    }

    private static long combineLong(ReduceOp op, long acc, long v) {
        return switch (op) {
            case SUM -> acc + v;
            case PROD -> acc * v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
            case ALL -> acc != 0 && v != 0 ? 1 : 0;
            case ANY -> acc != 0 || v != 0 ? 1 : 0;
        };
    }

    // ---- rows along one dim (arg-reductions, scans, softmax) ----

    /** A loop over every position of the other dims, for operands whose {@code dim} has size 1 in the loop. */
    private static StridedLoop rows(int dim, NDArray... operands) {
        int[] shape = operands[0].shape();
        shape[dim] = 1;
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int i = 0; i < operands.length; i++) {
            strides[i] = operands[i].strides();
            offsets[i] = operands[i].offset();
        }
        return StridedLoop.of(shape, strides, offsets);
    }

    void argReduce(boolean max, NDArray values, NDArray indices, NDArray src, int dim) {
        int len = src.size(dim);
        int rs = src.stride(dim);
        // indices (and values) have size 1 at dim, so they can share the loop with src.
        StridedLoop loop = values == null ? rows(dim, indices, src) : rows(dim, indices, src, values);
        long[] idx = CpuArrays.i64(indices);
        Object s = array(src);
        Object v = values == null ? null : array(values);
        int[] st = {loop.innerStride(0), loop.innerStride(1), values == null ? 0 : loop.innerStride(2)};
        loop.parallel(Math.max(1, GRAIN / len), (off, n) -> {
            for (int j = 0; j < n; j++) {
                int base = off[1] + j * st[1];
                int best = 0;
                double bv = CpuArrays.read(s, base);
                if (s instanceof long[] l) {
                    long b = l[base];
                    for (int i = 1; i < len; i++) {
                        long x = l[base + i * rs];
                        if (max ? x > b : x < b) {
                            b = x;
                            best = i;
                        }
                    }
                    bv = b;
                    if (v != null) {
                        ((long[]) v)[off[2] + j * st[2]] = b;
                    }
                } else {
                    for (int i = 1; i < len && !Double.isNaN(bv); i++) {
                        double x = CpuArrays.read(s, base + i * rs);
                        if (Double.isNaN(x) || (max ? x > bv : x < bv)) {
                            bv = x;
                            best = i;
                        }
                    }
                    if (v != null) {
                        CpuArrays.write(v, off[2] + j * st[2], bv);
                    }
                }
                idx[off[0] + j * st[0]] = best;
            }
        });
    }

    void cumulative(boolean product, NDArray dst, NDArray src, int dim) {
        int len = src.size(dim);
        int rs = src.stride(dim);
        int rd = dst.stride(dim);
        StridedLoop loop = rows(dim, dst, src);
        Object d = array(dst);
        Object s = array(src);
        int sd = loop.innerStride(0);
        int ss = loop.innerStride(1);
        loop.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> {
            for (int j = 0; j < n; j++) {
                int bd = off[0] + j * sd;
                int bs = off[1] + j * ss;
                if (s instanceof long[] x) {
                    long[] y = (long[]) d;
                    long acc = product ? 1 : 0;
                    for (int i = 0; i < len; i++) {
                        acc = product ? acc * x[bs + i * rs] : acc + x[bs + i * rs];
                        y[bd + i * rd] = acc;
                    }
                } else {
                    double acc = product ? 1 : 0;
                    for (int i = 0; i < len; i++) {
                        double x = CpuArrays.read(s, bs + i * rs);
                        acc = product ? acc * x : acc + x;
                        CpuArrays.write(d, bd + i * rd, acc);
                    }
                }
            }
        });
    }

    void softmax(NDArray dst, NDArray src, int dim, boolean log) {
        int len = src.size(dim);
        int rs = src.stride(dim);
        int rd = dst.stride(dim);
        StridedLoop loop = rows(dim, dst, src);
        int sd = loop.innerStride(0);
        int ss = loop.innerStride(1);
        if (array(src) instanceof float[] x) {
            float[] y = (float[]) array(dst);
            loop.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> {
                float[] in = rs == 1 && rd == 1 ? null : new float[len];
                float[] out = in == null ? null : new float[len];
                for (int j = 0; j < n; j++) {
                    int bd = off[0] + j * sd;
                    int bs = off[1] + j * ss;
                    if (in == null) {
                        k.softmax(x, bs, y, bd, len, log);
                    } else {
                        for (int i = 0; i < len; i++) {
                            in[i] = x[bs + i * rs];
                        }
                        k.softmax(in, 0, out, 0, len, log);
                        for (int i = 0; i < len; i++) {
                            y[bd + i * rd] = out[i];
                        }
                    }
                }
            });
            return;
        }
        double[] x = CpuArrays.f64(src);
        double[] y = CpuArrays.f64(dst);
        loop.parallel(Math.max(1, GRAIN / Math.max(1, len)), (off, n) -> {
            for (int j = 0; j < n; j++) {
                int bd = off[0] + j * sd;
                int bs = off[1] + j * ss;
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    m = Math.max(m, x[bs + i * rs]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    sum += Math.exp(x[bs + i * rs] - m);
                }
                double logSum = Math.log(sum);
                for (int i = 0; i < len; i++) {
                    double v = x[bs + i * rs] - m;
                    y[bd + i * rd] = log ? v - logSum : Math.exp(v - logSum);
                }
            }
        });
    }
}
