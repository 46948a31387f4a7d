package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.Arrays;

import static dev.ravel.tensor.cpu.CpuArrays.array;

/** im2col/col2im and 2-D pooling over contiguous NCHW planes, driven by a {@link WindowPlan}; parallel over planes. */
final class CpuWindows {
    private final FloatKernels kernels;

    CpuWindows(FloatKernels kernels) {
        this.kernels = kernels;
    }

    private static WindowPlan plan(NDArray input, int oh, int ow, Window2d w) {
        return WindowPlan.of(input.size(2), input.size(3), oh, ow, w);
    }

    private static int grainPlanes(WindowPlan p) {
        return Math.max(1, CpuElementwise.GRAIN / Math.max(1, p.map.length));
    }

    void im2col(NDArray cols, NDArray input, Window2d w) {
        Im2col im2col = new Im2col(input.size(2), input.size(3), w.outH(input.size(2), false),
                w.outW(input.size(3), false), w, kernels);
        Object in = array(input);
        Object out = array(cols);
        Parallel.forRange(input.size(0) * input.size(1), Math.max(1, CpuElementwise.GRAIN / Math.max(1, im2col.columnsPerPlane())), (p0, p1) ->
                im2col.im2col(in, input.offset(), out, cols.offset(), p0, p1));
    }

    void col2im(NDArray input, NDArray cols, Window2d w) {
        Im2col im2col = new Im2col(input.size(2), input.size(3), w.outH(input.size(2), false),
                w.outW(input.size(3), false), w, kernels);
        Object in = array(input);
        Object c = array(cols);
        Parallel.forRange(input.size(0) * input.size(1), Math.max(1, CpuElementwise.GRAIN / Math.max(1, im2col.columnsPerPlane())), (p0, p1) ->
                im2col.col2im(c, cols.offset(), in, input.offset(), p0, p1, false));
    }

    void maxPool2d(NDArray out, NDArray indices, NDArray input, Window2d w) {
        int h = input.size(2);
        int wd = input.size(3);
        int oh = out.size(2);
        int ow = out.size(3);
        Object in = array(input);
        Object o = array(out);
        long[] idx = indices == null ? null : CpuArrays.i64(indices);
        TapRanges rows = TapRanges.of(oh, w.strideH(), w.padH(), w.dilationH(), w.kernelH(), h);
        TapRanges cols = TapRanges.of(ow, w.strideW(), w.padW(), w.dilationW(), w.kernelW(), wd);
        int perPlane = oh * ow * w.kernelH() * w.kernelW();
        // the usual 2x2, stride 2 pooling with every window whole has a loop of its own
        boolean pairs = w.equals(Window2d.of(2, 2, 0)) && 2 * oh <= h && 2 * ow <= wd;
        Parallel.forRange(input.size(0) * input.size(1), Math.max(1, CpuElementwise.GRAIN / Math.max(1, perPlane)),
                (p0, p1) -> {
                    for (int pl = p0; pl < p1; pl++) {
                        int ib = input.offset() + pl * h * wd;
                        int ob = out.offset() + pl * oh * ow;
                        int xb = indices == null ? -1 : indices.offset() + pl * oh * ow;
                        if (in instanceof float[] x && pairs) {
                            maxPool2x2Plane(kernels, x, ib, wd, (float[]) o, ob, oh, ow, idx, xb);
                        } else if (in instanceof float[] x) {
                            maxPoolPlane(x, ib, wd, (float[]) o, ob, rows, cols, idx, xb, w);
                        } else {
                            maxPoolPlane((double[]) in, ib, wd, (double[]) o, ob, rows, cols, idx, xb, w);
                        }
                    }
                });
    }

    void maxPool2dBackward(NDArray gradInput, NDArray gradOutput, NDArray indices) {
        int planeSize = gradInput.size(2) * gradInput.size(3);
        int outputs = gradOutput.size(2) * gradOutput.size(3);
        Object gi = array(gradInput);
        Object go = array(gradOutput);
        long[] idx = CpuArrays.i64(indices);
        Parallel.forRange(gradInput.size(0) * gradInput.size(1), Math.max(1, CpuElementwise.GRAIN / Math.max(1, planeSize)),
                (p0, p1) -> {
                    for (int pl = p0; pl < p1; pl++) {
                        int ib = gradInput.offset() + pl * planeSize;
                        int ob = gradOutput.offset() + pl * outputs;
                        int xb = indices.offset() + pl * outputs;
                        if (gi instanceof float[] f) {
                            maxPoolGradPlane(f, ib, planeSize, (float[]) go, ob, idx, xb, outputs);
                        } else {
                            maxPoolGradPlane((double[]) gi, ib, planeSize, (double[]) go, ob, idx, xb, outputs);
                        }
                    }
                });
    }

    // One plane of the max-pooling gradient: the plane is small enough to stay in cache between
    // the zeroing and the scattered additions (overlapping windows may name a position twice).

    private static void maxPoolGradPlane(float[] gi, int ib, int planeSize, float[] go, int ob, long[] idx, int xb,
                                         int outputs) {
        Arrays.fill(gi, ib, ib + planeSize, 0f);
        for (int q = 0; q < outputs; q++) {
            gi[ib + position(idx[xb + q], planeSize)] += go[ob + q];
        }
    }

    private static void maxPoolGradPlane(double[] gi, int ib, int planeSize, double[] go, int ob, long[] idx, int xb,
                                         int outputs) {
        Arrays.fill(gi, ib, ib + planeSize, 0.0);
        for (int q = 0; q < outputs; q++) {
            gi[ib + position(idx[xb + q], planeSize)] += go[ob + q];
        }
    }

    private static int position(long index, int planeSize) {
        if (index < 0 || index >= planeSize) {
            throw new IndexOutOfBoundsException("max_pool2d_backward: index " + index
                    + " is out of bounds for an input plane of " + planeSize + " elements");
        }
        return (int) index;
    }

    // One plane of max pooling. NaN propagates and, as in PyTorch, the last NaN of a window gives the
    // index. The window is clipped to the plane first, so the inner loops test nothing but values.

    /**
     * 2x2 windows at stride 2, all inside the plane. The max is Math.max, which C2 compiles
     * branch-free with NaN propagating (a compare-and-branch on random data mispredicts half the
     * time: measured 5 ns an output against 1; its one difference, +0 from -0 and +0, only changes
     * the sign of a zero); the index is found after,
     * as the first tap equal to the max, or the last NaN when the max is NaN (PyTorch's choice).
     */
    private static void maxPool2x2Plane(FloatKernels kernels, float[] x, int ib, int wd, float[] out, int ob, int oh,
                                        int ow, long[] idx, int xb) {
        for (int oy = 0; oy < oh; oy++) {
            int r0 = ib + 2 * oy * wd;
            int r1 = r0 + wd;
            int o = oy * ow;
            // the vector kernel does the row's whole vectors, this loop the rest
            int done = kernels.maxPool2x2Row(x, r0, r1, out, ob + o, idx, xb + o, r0 - ib, wd, ow);
            for (int ox = done; ox < ow; ox++) {
                float v0 = x[r0 + 2 * ox];
                float v1 = x[r0 + 2 * ox + 1];
                float v2 = x[r1 + 2 * ox];
                float v3 = x[r1 + 2 * ox + 1];
                float best = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                out[ob + o + ox] = best;
                if (idx != null) {
                    int at = r0 - ib + 2 * ox;
                    int i = v3 == best ? at + wd + 1 : at;
                    i = v2 == best ? at + wd : i;
                    i = v1 == best ? at + 1 : i;
                    i = v0 == best ? at : i;
                    if (best != best) {
                        i = v3 != v3 ? at + wd + 1 : v2 != v2 ? at + wd : v1 != v1 ? at + 1 : at;
                    }
                    idx[xb + o + ox] = i;
                }
            }
        }
    }

    private static void maxPoolPlane(float[] x, int ib, int wd, float[] out, int ob, TapRanges rows, TapRanges cols,
                                     long[] idx, int xb, Window2d w) {
        int ow = cols.lo.length;
        for (int oy = 0; oy < rows.lo.length; oy++) {
            int y0 = oy * w.strideH() - w.padH();
            int kyLo = rows.lo[oy];
            int kyHi = rows.hi[oy];
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * w.strideW() - w.padW();
                int kxLo = cols.lo[ox];
                int kxHi = cols.hi[ox];
                float bv = Float.NEGATIVE_INFINITY;
                int best = (y0 + kyLo * w.dilationH()) * wd + x0 + kxLo * w.dilationW();
                for (int ky = kyLo; ky < kyHi; ky++) {
                    int row = (y0 + ky * w.dilationH()) * wd + x0;
                    for (int kx = kxLo; kx < kxHi; kx++) {
                        int at = row + kx * w.dilationW();
                        float v = x[ib + at];
                        boolean take = v > bv || v != v;
                        best = take ? at : best;
                        bv = take ? v : bv;
                    }
                }
                out[ob + oy * ow + ox] = bv;
                if (idx != null) {
                    idx[xb + oy * ow + ox] = best;
                }
            }
        }
    }

    private static void maxPoolPlane(double[] x, int ib, int wd, double[] out, int ob, TapRanges rows, TapRanges cols,
                                     long[] idx, int xb, Window2d w) {
        int ow = cols.lo.length;
        for (int oy = 0; oy < rows.lo.length; oy++) {
            int y0 = oy * w.strideH() - w.padH();
            int kyLo = rows.lo[oy];
            int kyHi = rows.hi[oy];
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * w.strideW() - w.padW();
                int kxLo = cols.lo[ox];
                int kxHi = cols.hi[ox];
                double bv = Double.NEGATIVE_INFINITY;
                int best = (y0 + kyLo * w.dilationH()) * wd + x0 + kxLo * w.dilationW();
                for (int ky = kyLo; ky < kyHi; ky++) {
                    int row = (y0 + ky * w.dilationH()) * wd + x0;
                    for (int kx = kxLo; kx < kxHi; kx++) {
                        int at = row + kx * w.dilationW();
                        double v = x[ib + at];
                        boolean take = v > bv || v != v;
                        best = take ? at : best;
                        bv = take ? v : bv;
                    }
                }
                out[ob + oy * ow + ox] = bv;
                if (idx != null) {
                    idx[xb + oy * ow + ox] = best;
                }
            }
        }
    }

    /**
     * Per output position along one axis, the taps {@code [lo, hi)} of the window that fall inside
     * the input: worked out once per call, since the divisions cost more than the pooling itself.
     */
    private record TapRanges(int[] lo, int[] hi) {
        static TapRanges of(int outSize, int stride, int pad, int dilation, int kernel, int size) {
            int[] lo = new int[outSize];
            int[] hi = new int[outSize];
            for (int o = 0; o < outSize; o++) {
                int start = o * stride - pad;
                lo[o] = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
                hi[o] = start >= size ? 0 : Math.min(kernel, (size - start + dilation - 1) / dilation);
            }
            return new TapRanges(lo, hi);
        }
    }

    void avgPool2d(NDArray out, NDArray input, Window2d w, boolean countIncludePad, int divisor) {
        WindowPlan p = plan(input, out.size(2), out.size(3), w);
        int planes = input.size(0) * input.size(1);
        Object in = array(input);
        Object o = array(out);
        int[] map = p.map;
        int outputs = p.outputs;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = input.offset() + pl * p.planeSize;
                int ob = out.offset() + pl * outputs;
                for (int q = 0; q < outputs; q++) {
                    double s = 0;
                    for (int t = 0; t < p.taps; t++) {
                        int m = map[t * outputs + q];
                        if (m >= 0) {
                            s += CpuArrays.read(in, ib + m);
                        }
                    }
                    CpuArrays.write(o, ob + q, s / p.divisor(q, countIncludePad, divisor));
                }
            }
        });
    }

    void avgPool2dBackward(NDArray gradInput, NDArray gradOutput, Window2d w, boolean countIncludePad, int divisor) {
        WindowPlan p = plan(gradInput, gradOutput.size(2), gradOutput.size(3), w);
        int planes = gradInput.size(0) * gradInput.size(1);
        Object gi = array(gradInput);
        Object go = array(gradOutput);
        int[] map = p.map;
        int outputs = p.outputs;
        Parallel.forRange(planes, grainPlanes(p), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int ib = gradInput.offset() + pl * p.planeSize;
                int ob = gradOutput.offset() + pl * outputs;
                for (int q = 0; q < outputs; q++) {
                    double g = CpuArrays.read(go, ob + q) / p.divisor(q, countIncludePad, divisor);
                    for (int t = 0; t < p.taps; t++) {
                        int m = map[t * outputs + q];
                        if (m >= 0) {
                            CpuArrays.write(gi, ib + m, CpuArrays.read(gi, ib + m) + g);
                        }
                    }
                }
            }
        });
    }
}
