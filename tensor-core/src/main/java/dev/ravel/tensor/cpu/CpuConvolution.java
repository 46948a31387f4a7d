package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.Arrays;

/**
 * 2-D convolution and its gradients. Float32 convolutions that oneDNN implements well go to its
 * primitives ({@link DnnlConvolution}, see {@link #inDnnl}), each thread running its range of
 * images; the rest run here as GEMMs, one image at a time: the image's im2col columns
 * {@code [C*kh*kw, oh*ow]} (or, for a 1x1 stride-1 unpadded kernel, the image itself) and the
 * weight {@code [O, C*kh*kw]} per group. An image's columns fit in a core's L2 cache, so the GEMM
 * reads them while they are hot; the batch is spread over the threads (each image's GEMM then runs
 * on one thread), and a batch smaller than the thread count splits each GEMM instead.
 *
 * <p>The weight gradient sums over images: each thread's range of images adds into its own
 * buffer, and the buffers are summed in a fixed order, so results do not depend on timing.
 * Arrays are float[] or double[]; all operands are contiguous NCHW.
 */
final class CpuConvolution {
    private final Gemm gemm;
    private final FloatKernels kernels;
    /** oneDNN's convolutions for the float32 geometries it implements; null to use im2col + GEMM only. */
    private final DnnlConvolution dnnl;

    CpuConvolution(Gemm gemm, FloatKernels kernels, DnnlConvolution dnnl) {
        this.gemm = gemm;
        this.kernels = kernels;
        this.dnnl = dnnl;
    }

    /** Which implementation runs convolutions, for reports. */
    String describe() {
        return dnnl == null ? "im2col + GEMM" : "oneDNN (float32, groups 1), else im2col + GEMM";
    }

    /**
     * oneDNN's direct convolutions keep channels in blocks of this many. With fewer input channels
     * im2col + GEMM measured faster for the forward pass and the input gradient (2 threads, 1->32
     * over [64, 1, 28, 28]: forward 0.37 against 0.51-0.61 ms, input gradient 0.23-0.35 against
     * 1.46; 3->32 over [128, 3, 32, 32]: forward 1.70 against 2.03-2.11), oneDNN still for the
     * weight gradient (0.43-0.51 against 0.63-0.66; 1.65 against 4.23). With 16 or more it wins all
     * three passes (32->64 over [64, 32, 26, 26]: 4.6-4.9 against 5.9-8.3 ms each).
     */
    private static final int DNNL_MIN_CHANNELS = 16;

    /**
     * Whether oneDNN runs this pass (else im2col + GEMM): float32, at least one image per thread
     * (with fewer, the GEMM path splits each image's product over the threads instead),
     * {@link #DNNL_MIN_CHANNELS} output channels and, but for the weight gradient, as many input
     * channels; and a geometry oneDNN takes ({@link DnnlConvolution#supports}).
     */
    private boolean inDnnl(Geometry g, Object like, DnnlConvolution.Pass pass, boolean bias) {
        if (dnnl == null || !(like instanceof float[]) || g.n() < Parallel.numThreads()
                || g.o() < DNNL_MIN_CHANNELS
                || pass != DnnlConvolution.Pass.BACKWARD_WEIGHTS && g.c() < DNNL_MIN_CHANNELS) {
            return false;
        }
        return dnnl.supports(g, pass, bias);
    }

    /** The geometry of one call (also what {@link DnnlConvolution} plans for). */
    record Geometry(int n, int c, int h, int w, int o, int oh, int ow, int groups, Window2d win) {
        static Geometry of(NDArray input, NDArray output, int outChannels, Window2d win, int groups) {
            return new Geometry(input.size(0), input.size(1), input.size(2), input.size(3), outChannels,
                    output.size(2), output.size(3), groups, win);
        }

        int cg() {
            return c / groups;
        }

        int og() {
            return o / groups;
        }

        int taps() {
            return win.kernelH() * win.kernelW();
        }

        /** Rows of a group's column matrix (the GEMM's inner dimension). */
        int k() {
            return cg() * taps();
        }

        int l() {
            return oh * ow;
        }

        int imageSize() {
            return c * h * w;
        }

        int outputSize() {
            return o * l();
        }

        int weightSize() {
            return o * k();
        }

        /** The same convolution over {@code images} images. */
        Geometry withN(int images) {
            return new Geometry(images, c, h, w, o, oh, ow, groups, win);
        }

        /** A 1x1 kernel at stride 1 without padding: the image is its own column matrix. */
        boolean pointwise() {
            return win.kernelH() == 1 && win.kernelW() == 1 && win.strideH() == 1 && win.strideW() == 1
                    && win.padH() == 0 && win.padW() == 0;
        }

        long macsPerImage() {
            return (long) o * k() * l();
        }

        Im2col im2col(FloatKernels kernels) {
            return new Im2col(h, w, oh, ow, win, kernels);
        }
    }

    /**
     * The work of images {@code [n0, n1)}, run as part {@code part}, with {@code cols} working memory
     * for one image's column matrix (null when the images are their own).
     */
    @FunctionalInterface
    private interface Part {
        void run(int part, int n0, int n1, Object cols);
    }

    /**
     * Cuts the batch into parts (one per thread when there is enough work) and runs them, each with
     * its column memory from the array pool (a new array per call measured 22 us for a [288, 196]
     * column matrix, much of a batch-1 convolution); returns the count.
     */
    private static int forParts(Geometry g, Im2col plan, Object like, Part body) {
        long grain = Math.max(1, PartitionedGemm.MIN_PARALLEL_MACS / Math.max(1, g.macsPerImage()));
        int parts = (int) Math.max(1, Math.min(Parallel.numThreads(), g.n() / grain));
        if (parts == 1) {
            withColumns(g, plan, like, body, 0, 0, g.n());
            return 1;
        }
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                withColumns(g, plan, like, body, p, (int) ((long) g.n() * p / parts),
                        (int) ((long) g.n() * (p + 1) / parts));
            }
        });
        return parts;
    }

    private static void withColumns(Geometry g, Im2col plan, Object like, Part body, int part, int n0, int n1) {
        Object cols = plan == null ? null
                : ArrayPool.INSTANCE.takeUninitialized(CpuStorage.dtypeOf(like), g.c() * g.taps() * g.l());
        try {
            body.run(part, n0, n1, cols);
        } finally {
            if (cols != null) {
                ArrayPool.INSTANCE.give(cols);
            }
        }
    }

    /** The column matrix of the image at {@code image}: the image itself, or its im2col into {@code cols}. */
    private static Object columns(Im2col plan, Object in, int image, Object cols, Geometry g) {
        if (plan == null) {
            return in;
        }
        plan.im2col(in, image, cols, 0, 0, g.c());
        return cols;
    }

    // ---- forward ----

    void forward(NDArray out, NDArray input, NDArray weight, NDArray bias, Window2d win, int groups) {
        Geometry g = Geometry.of(input, out, weight.size(0), win, groups);
        Object in = CpuArrays.array(input);
        Object wt = CpuArrays.array(weight);
        Object dst = CpuArrays.array(out);
        Object b = bias == null ? null : CpuArrays.array(bias);
        if (inDnnl(g, in, DnnlConvolution.Pass.FORWARD, b != null)) {
            forParts(g, null, in, (part, n0, n1, cols) -> dnnl.forward(g, (float[]) in, input.offset(),
                    (float[]) wt, weight.offset(), (float[]) b, b == null ? 0 : bias.offset(), (float[]) dst,
                    out.offset(), n0, n1));
            return;
        }
        Im2col plan = g.pointwise() ? null : g.im2col(kernels);
        int k = g.k();
        int l = g.l();
        forParts(g, plan, in, (part, n0, n1, cols) -> {
            for (int n = n0; n < n1; n++) {
                int image = input.offset() + n * g.imageSize();
                Object src = columns(plan, in, image, cols, g);
                int srcOff = plan == null ? image : 0;
                int outOff = out.offset() + n * g.o() * l;
                for (int grp = 0; grp < groups; grp++) {
                    Kernels.gemm(gemm, false, false, g.og(), l, k, wt, weight.offset() + grp * g.og() * k, k, src,
                            srcOff + grp * k * l, l, 0, dst, outOff + grp * g.og() * l, l);
                }
                if (b != null) {
                    for (int o = 0; o < g.o(); o++) {
                        Kernels.addScalar(dst, outOff + o * l, l, Kernels.get(b, bias.offset() + o));
                    }
                }
            }
        });
    }

    // ---- backward ----

    void backwardInput(NDArray gradInput, NDArray gradOut, NDArray weight, Window2d win, int groups) {
        Geometry g = Geometry.of(gradInput, gradOut, weight.size(0), win, groups);
        Object go = CpuArrays.array(gradOut);
        Object wt = CpuArrays.array(weight);
        Object gi = CpuArrays.array(gradInput);
        if (inDnnl(g, gi, DnnlConvolution.Pass.BACKWARD_DATA, false)) {
            forParts(g, null, gi, (part, n0, n1, cols) -> dnnl.backwardData(g, (float[]) go, gradOut.offset(),
                    (float[]) wt, weight.offset(), (float[]) gi, gradInput.offset(), n0, n1));
            return;
        }
        Im2col plan = g.pointwise() ? null : g.im2col(kernels);
        int k = g.k();
        int l = g.l();
        forParts(g, plan, gi, (part, n0, n1, cols) -> {
            for (int n = n0; n < n1; n++) {
                int image = gradInput.offset() + n * g.imageSize();
                int gOff = gradOut.offset() + n * g.o() * l;
                // columns' gradient W^T G per group, straight into the image when it is its own column matrix
                Object dst = plan == null ? gi : cols;
                int dstOff = plan == null ? image : 0;
                for (int grp = 0; grp < groups; grp++) {
                    Kernels.gemm(gemm, true, false, k, l, g.og(), wt, weight.offset() + grp * g.og() * k, k, go,
                            gOff + grp * g.og() * l, l, 0, dst, dstOff + grp * k * l, l);
                }
                if (plan != null) {
                    Kernels.zero(gi, image, g.imageSize());
                    plan.col2im(cols, 0, gi, image, 0, g.c(), true);
                }
            }
        });
    }

    void backwardWeight(NDArray gradWeight, NDArray gradOut, NDArray input, Window2d win, int groups) {
        Geometry g = Geometry.of(input, gradOut, gradWeight.size(0), win, groups);
        Object go = CpuArrays.array(gradOut);
        Object in = CpuArrays.array(input);
        Object gw = CpuArrays.array(gradWeight);
        int size = g.weightSize();
        boolean viaDnnl = inDnnl(g, in, DnnlConvolution.Pass.BACKWARD_WEIGHTS, false);
        Im2col plan = viaDnnl || g.pointwise() ? null : g.im2col(kernels);
        // part 0 writes gradWeight itself, the others their own buffers, summed below in part order
        Object[] partial = new Object[Parallel.numThreads()];
        int parts = forParts(g, plan, in, (part, n0, n1, cols) -> {
            Object acc = part == 0 ? gw : Kernels.alloc(gw, size);
            int accOff = part == 0 ? gradWeight.offset() : 0;
            partial[part] = acc;
            if (n1 == n0) {
                Kernels.zero(acc, accOff, size);
            } else if (viaDnnl) {
                dnnl.backwardWeights(g, (float[]) go, gradOut.offset(), (float[]) in, input.offset(),
                        (float[]) acc, accOff, n0, n1);
            } else {
                weightGradient(g, plan, go, gradOut.offset(), in, input.offset(), cols, acc, accOff, n0, n1);
            }
        });
        for (int p = 1; p < parts; p++) {
            Kernels.addInto(partial[p], gw, gradWeight.offset(), size);
        }
    }

    /** The weight gradient of images [n0, n1) (n1 > n0) by im2col + GEMM, written to {@code acc}. */
    private void weightGradient(Geometry g, Im2col plan, Object go, int goOff, Object in, int inOff, Object cols,
                                Object acc, int accOff, int n0, int n1) {
        int k = g.k();
        int l = g.l();
        for (int n = n0; n < n1; n++) {
            int image = inOff + n * g.imageSize();
            Object src = columns(plan, in, image, cols, g);
            int srcOff = plan == null ? image : 0;
            int gOff = goOff + n * g.o() * l;
            for (int grp = 0; grp < g.groups(); grp++) {
                // dW[grp] (+)= G[grp] [og, L] @ cols[grp]^T [L, k]
                Kernels.gemm(gemm, false, true, g.og(), k, l, go, gOff + grp * g.og() * l, l, src,
                        srcOff + grp * k * l, l, n == n0 ? 0 : 1, acc, accOff + grp * g.og() * k, k);
            }
        }
    }

    /** The element-type-specific pieces, for float[] and double[]. */
    private static final class Kernels {
        private Kernels() {
        }

        static Object alloc(Object like, int n) {
            return like instanceof float[] ? new float[n] : new double[n];
        }

        static double get(Object a, int i) {
            return a instanceof float[] f ? f[i] : ((double[]) a)[i];
        }

        static void zero(Object a, int off, int n) {
            if (a instanceof float[] f) {
                Arrays.fill(f, off, off + n, 0f);
            } else {
                Arrays.fill((double[]) a, off, off + n, 0.0);
            }
        }

        static void addScalar(Object a, int off, int n, double v) {
            if (v == 0) {
                return;
            }
            if (a instanceof float[] f) {
                float fv = (float) v;
                for (int i = 0; i < n; i++) {
                    f[off + i] += fv;
                }
            } else {
                double[] d = (double[]) a;
                for (int i = 0; i < n; i++) {
                    d[off + i] += v;
                }
            }
        }

        /** dst[off + i] += src[i]. */
        static void addInto(Object src, Object dst, int off, int n) {
            if (src instanceof float[] s) {
                float[] d = (float[]) dst;
                for (int i = 0; i < n; i++) {
                    d[off + i] += s[i];
                }
            } else {
                double[] s = (double[]) src;
                double[] d = (double[]) dst;
                for (int i = 0; i < n; i++) {
                    d[off + i] += s[i];
                }
            }
        }

        /** C = op(A) op(B) + beta C with alpha 1, on either element type. */
        static void gemm(Gemm gemm, boolean ta, boolean tb, int m, int n, int k, Object a, int ao, int lda,
                         Object b, int bo, int ldb, double beta, Object c, int co, int ldc) {
            if (m == 0 || n == 0) {
                return;
            }
            if (k == 0) {
                if (beta == 0) {
                    for (int i = 0; i < m; i++) {
                        zero(c, co + i * ldc, n);
                    }
                }
                return;
            }
            if (a instanceof float[] fa) {
                gemm.sgemm(ta, tb, m, n, k, 1f, fa, ao, lda, (float[]) b, bo, ldb, (float) beta, (float[]) c, co, ldc);
            } else {
                gemm.dgemm(ta, tb, m, n, k, 1.0, (double[]) a, ao, lda, (double[]) b, bo, ldb, beta, (double[]) c, co,
                        ldc);
            }
        }
    }
}
