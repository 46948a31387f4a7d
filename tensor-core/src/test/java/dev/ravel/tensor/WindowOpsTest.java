package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static dev.ravel.tensor.Check.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** unfold/fold and 2-D pooling against direct loops over windows, for strides, padding, dilation and ceil mode. */
class WindowOpsTest {

    private static final List<Window2d> WINDOWS = List.of(
            Window2d.of(1, 1, 0),
            Window2d.of(2, 2, 0),
            Window2d.of(3, 1, 1),
            Window2d.of(3, 2, 1),
            new Window2d(2, 3, 1, 2, 1, 0, 1, 1),
            new Window2d(3, 2, 2, 1, 1, 1, 2, 1),     // dilation 2 in height
            new Window2d(2, 2, 3, 3, 0, 1, 1, 1));

    /** Output size by PyTorch's formula, written out here. */
    private static int out(int in, int k, int s, int p, int d, boolean ceil) {
        int span = in + 2 * p - d * (k - 1) - 1;
        int o = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (o - 1) * s >= in + p) {
            o--;
        }
        return o;
    }

    private static double at(double[] x, int n, int c, int C, int H, int W, int y, int xx) {
        return x[((n * C + c) * H + y) * W + xx];
    }

    @Test
    void unfoldMatchesDirectIm2col() {
        int n = 2;
        int c = 3;
        int h = 7;
        int w = 6;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] v = Layouts.data(t, n * c * h * w, 5, -1, 1);
            NDArray x = Layouts.array(t, v, n, c, h, w);
            for (Window2d win : WINDOWS) {
                int oh = out(h, win.kernelH(), win.strideH(), win.padH(), win.dilationH(), false);
                int ow = out(w, win.kernelW(), win.strideW(), win.padW(), win.dilationW(), false);
                int kk = win.kernelH() * win.kernelW();
                double[] e = new double[n * c * kk * oh * ow];
                for (int b = 0; b < n; b++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < win.kernelH(); ky++) {
                            for (int kx = 0; kx < win.kernelW(); kx++) {
                                int row = (ch * win.kernelH() + ky) * win.kernelW() + kx;
                                for (int oy = 0; oy < oh; oy++) {
                                    for (int ox = 0; ox < ow; ox++) {
                                        int iy = oy * win.strideH() - win.padH() + ky * win.dilationH();
                                        int ix = ox * win.strideW() - win.padW() + kx * win.dilationW();
                                        boolean in = iy >= 0 && iy < h && ix >= 0 && ix < w;
                                        e[(b * c * kk + row) * oh * ow + oy * ow + ox] = in ? at(v, b, ch, c, h, w, iy, ix) : 0;
                                    }
                                }
                            }
                        }
                    }
                }
                NDArray cols = x.unfold(win);
                shape(cols, n, c * kk, oh * ow);
                close(e, cols, 0, 0, "unfold " + win + " " + t);
                // A non-contiguous input (a permuted view) gives the same columns.
                NDArray perm = x.permute(0, 1, 3, 2).contiguous().permute(0, 1, 3, 2);
                close(e, perm.unfold(win), 0, 0, "unfold of a permuted view " + win);
                // Unbatched [C, H, W].
                shape(x.select(0, 1).unfold(win), c * kk, oh * ow);
            }
        }
    }

    @Test
    void foldIsTheAdjointOfUnfold() {
        // <unfold(x), y> == <x, fold(y)> for every window: fold sums overlaps in exactly unfold's positions.
        int n = 2;
        int c = 2;
        int h = 7;
        int w = 5;
        for (Window2d win : WINDOWS) {
            double[] xv = Layouts.data(DType.FLOAT64, n * c * h * w, 1, -1, 1);
            NDArray x = Layouts.array(DType.FLOAT64, xv, n, c, h, w);
            NDArray cols = x.unfold(win);
            double[] yv = Layouts.data(DType.FLOAT64, cols.numel(), 2, -1, 1);
            NDArray y = Layouts.array(DType.FLOAT64, yv, cols.shape());
            NDArray folded = y.fold(h, w, win);
            shape(folded, n, c, h, w);
            double lhs = 0;
            double[] cv = Check.values(cols);
            for (int i = 0; i < cv.length; i++) {
                lhs += cv[i] * yv[i];
            }
            double rhs = 0;
            double[] fv = Check.values(folded);
            for (int i = 0; i < fv.length; i++) {
                rhs += xv[i] * fv[i];
            }
            assertEquals(lhs, rhs, 1e-10, "adjoint " + win);
        }
        // fold(unfold(ones)) counts how many windows cover each pixel.
        NDArray ones = NDArray.ones(1, 1, 3, 3);
        exact(ones.unfold(Window2d.of(2, 1, 0)).fold(3, 3, Window2d.of(2, 1, 0)), DType.FLOAT32, new int[] {1, 1, 3, 3},
                1, 2, 1, 2, 4, 2, 1, 2, 1);
    }

    /**
     * 2x2 pooling over rows long enough for the vector kernel (37 wide: two 8-output vectors and a
     * scalar tail per row) with ties, NaNs and signed zeros: values NaN-propagating, indices the
     * first tap equal to the max, or the last NaN tap, as PyTorch chooses.
     */
    @Test
    void maxPool2x2WideRowsTiesAndNaN() {
        int h = 5;
        int w = 37;
        float[] levels = {-1f, 0f, -0f, 1f, 2f, Float.NaN};
        float[] v = new float[2 * h * w];
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < v.length; i++) {
            int k = r.nextInt(60);
            v[i] = levels[k < 2 ? 5 : k % 5];
        }
        NDArray x = NDArray.fromArray(v, 2, 1, h, w);
        int oh = h / 2;
        int ow = w / 2;
        ValuesIndices got = x.maxPool2d(Window2d.of(2, 2, 0), false);
        float[] values = got.values().toFloatArray();
        long[] indices = got.indices().toLongArray();
        float[] valuesOnly = x.maxPool2dValues(Window2d.of(2, 2, 0), false).toFloatArray();
        for (int p = 0; p < 2; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int[] taps = {2 * oy * w + 2 * ox, 2 * oy * w + 2 * ox + 1, (2 * oy + 1) * w + 2 * ox,
                        (2 * oy + 1) * w + 2 * ox + 1};
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    int lastNan = -1;
                    for (int t : taps) {
                        float val = v[p * h * w + t];
                        if (Float.isNaN(val)) {
                            lastNan = t;
                        } else if (at < 0 || val > best) {
                            best = val;
                            at = t;
                        }
                    }
                    int o = (p * oh + oy) * ow + ox;
                    String where = "plane " + p + " output (" + oy + ", " + ox + ")";
                    if (lastNan >= 0) {
                        assertEquals(Float.NaN, values[o], where);
                        assertEquals(Float.NaN, valuesOnly[o], where);
                        assertEquals(lastNan, indices[o], where);
                    } else {
                        assertEquals(best == 0f ? 0f : best, Math.abs(values[o]) == 0f ? 0f : values[o], where);
                        assertEquals(values[o], valuesOnly[o], where);
                        assertEquals(at, indices[o], where);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolValuesAndFlatIndices() {
        int n = 2;
        int c = 3;
        int h = 9;
        int w = 8;
        double[] v = Layouts.data(DType.FLOAT32, n * c * h * w, 7, -5, 5);
        NDArray x = Layouts.array(DType.FLOAT32, v, n, c, h, w);
        for (Window2d win : WINDOWS) {
            if (win.padH() > ((win.kernelH() - 1) * win.dilationH() + 1) / 2
                    || win.padW() > ((win.kernelW() - 1) * win.dilationW() + 1) / 2) {
                continue;
            }
            for (boolean ceil : new boolean[] {false, true}) {
                int oh = out(h, win.kernelH(), win.strideH(), win.padH(), win.dilationH(), ceil);
                int ow = out(w, win.kernelW(), win.strideW(), win.padW(), win.dilationW(), ceil);
                double[] ev = new double[n * c * oh * ow];
                double[] ei = new double[ev.length];
                for (int b = 0; b < n; b++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                double best = Double.NEGATIVE_INFINITY;
                                int bi = -1;
                                for (int ky = 0; ky < win.kernelH(); ky++) {
                                    for (int kx = 0; kx < win.kernelW(); kx++) {
                                        int iy = oy * win.strideH() - win.padH() + ky * win.dilationH();
                                        int ix = ox * win.strideW() - win.padW() + kx * win.dilationW();
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            double val = at(v, b, ch, c, h, w, iy, ix);
                                            if (bi < 0 || val > best) {
                                                best = val;
                                                bi = iy * w + ix;
                                            }
                                        }
                                    }
                                }
                                int o = ((b * c + ch) * oh + oy) * ow + ox;
                                ev[o] = best;
                                ei[o] = bi;
                            }
                        }
                    }
                }
                ValuesIndices r = x.maxPool2d(win, ceil);
                shape(r.values(), n, c, oh, ow);
                close(ev, r.values(), 0, 0, "max_pool2d " + win + " ceil " + ceil);
                close(ei, r.indices(), 0, 0, "max_pool2d indices " + win + " ceil " + ceil);
                close(ev, x.maxPool2dValues(win, ceil), 0, 0, "max_pool2d values only " + win + " ceil " + ceil);
                // Backward: gradient lands on the argmax positions, summed where windows share one.
                NDArray g = NDArray.maxPool2dBackward(NDArray.onesLike(r.values()), r.indices(), x.shape());
                double[] eg = new double[v.length];
                for (int p = 0; p < ei.length; p++) {
                    int plane = p / (oh * ow);
                    eg[plane * h * w + (int) ei[p]] += 1;
                }
                close(eg, g, 0, 0, "max_pool2d backward " + win);
            }
        }
        NDArray nan = NDArray.of(new float[][][] {{{1, Float.NaN}, {3, 2}}});
        ValuesIndices r = nan.maxPool2d(Window2d.of(2, 2, 0), false);
        exact(r.values(), DType.FLOAT32, new int[] {1, 1, 1}, Double.NaN);
        exact(r.indices(), DType.INT64, new int[] {1, 1, 1}, 1);
    }

    @Test
    void avgPoolWithPaddingModesAndDivisor() {
        int n = 1;
        int c = 2;
        int h = 7;
        int w = 6;
        double[] v = Layouts.data(DType.FLOAT64, n * c * h * w, 3, -1, 1);
        NDArray x = Layouts.array(DType.FLOAT64, v, n, c, h, w);
        for (Window2d win : WINDOWS) {
            if (win.dilationH() != 1 || win.padH() * 2 > win.kernelH() || win.padW() * 2 > win.kernelW()) {
                continue;
            }
            for (boolean ceil : new boolean[] {false, true}) {
                for (boolean includePad : new boolean[] {false, true}) {
                    for (int divisor : new int[] {0, 3}) {
                        int oh = out(h, win.kernelH(), win.strideH(), win.padH(), 1, ceil);
                        int ow = out(w, win.kernelW(), win.strideW(), win.padW(), 1, ceil);
                        double[] e = new double[n * c * oh * ow];
                        for (int ch = 0; ch < c; ch++) {
                            for (int oy = 0; oy < oh; oy++) {
                                for (int ox = 0; ox < ow; ox++) {
                                    int y0 = oy * win.strideH() - win.padH();
                                    int x0 = ox * win.strideW() - win.padW();
                                    int y1 = Math.min(y0 + win.kernelH(), h + win.padH());
                                    int x1 = Math.min(x0 + win.kernelW(), w + win.padW());
                                    int poolSize = (y1 - y0) * (x1 - x0);
                                    double s = 0;
                                    int valid = 0;
                                    for (int iy = Math.max(y0, 0); iy < Math.min(y1, h); iy++) {
                                        for (int ix = Math.max(x0, 0); ix < Math.min(x1, w); ix++) {
                                            s += at(v, 0, ch, c, h, w, iy, ix);
                                            valid++;
                                        }
                                    }
                                    int div = divisor > 0 ? divisor : includePad ? poolSize : valid;
                                    e[(ch * oh + oy) * ow + ox] = s / div;
                                }
                            }
                        }
                        String ctx = "avg_pool2d " + win + " ceil " + ceil + " countIncludePad " + includePad
                                + " divisor " + divisor;
                        NDArray y = x.avgPool2d(win, ceil, includePad, divisor);
                        shape(y, n, c, oh, ow);
                        close(e, y, 1e-14, 1e-15, ctx);
                        // The backward is the adjoint: <avg(x), g> == <x, avg_backward(g)>.
                        double[] gv = Layouts.data(DType.FLOAT64, y.numel(), 9, -1, 1);
                        NDArray gi = NDArray.avgPool2dBackward(Layouts.array(DType.FLOAT64, gv, y.shape()), x.shape(), win,
                                ceil, includePad, divisor);
                        double lhs = 0;
                        for (int i = 0; i < e.length; i++) {
                            lhs += e[i] * gv[i];
                        }
                        double rhs = 0;
                        double[] giv = Check.values(gi);
                        for (int i = 0; i < v.length; i++) {
                            rhs += v[i] * giv[i];
                        }
                        assertEquals(lhs, rhs, 1e-12, ctx + " backward");
                    }
                }
            }
        }
    }

    @Test
    void poolingAcceptsUnbatchedInputAndRejectsBadShapes() {
        NDArray x = NDArray.arange(0.0, 16.0, 1.0).view(1, 4, 4);
        exact(x.maxPool2d(Window2d.of(2, 2, 0), false).values(), DType.FLOAT32, new int[] {1, 2, 2}, 5, 7, 13, 15);
        exact(x.avgPool2d(Window2d.of(2, 2, 0), false, true, 0), DType.FLOAT32, new int[] {1, 2, 2}, 2.5, 4.5, 10.5,
                12.5);
        fails(IllegalArgumentException.class, () -> x.view(16).maxPool2d(Window2d.of(2, 2, 0), false), "max_pool2d",
                "[16]");
        fails(IllegalArgumentException.class, () -> x.maxPool2d(Window2d.of(2, 2, 2), false), "max_pool2d", "pad");
        fails(IllegalArgumentException.class, () -> x.maxPool2d(Window2d.of(5, 1, 0), false), "max_pool2d",
                "too small");
        fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.INT64, 1, 4, 4).unfold(Window2d.of(2, 1, 0)),
                "unfold", "int64");
        fails(IllegalArgumentException.class, () -> NDArray.zeros(1, 6, 4).fold(3, 3, Window2d.of(2, 1, 0)), "fold",
                "divisible", "(4)", "6");
        fails(IllegalArgumentException.class, () -> NDArray.zeros(1, 4, 5).fold(3, 3, Window2d.of(2, 1, 0)), "fold",
                "5");
        fails(IllegalArgumentException.class, () -> NDArray.avgPool2dBackward(NDArray.ones(1, 1, 5, 5),
                new int[] {1, 1, 2, 2}, Window2d.of(2, 2, 0), false, true, 0), "avg_pool2d_backward", "[1, 1, 5, 5]",
                "[1, 1, 2, 2]");
        fails(IllegalArgumentException.class, () -> NDArray.maxPool2dBackward(NDArray.ones(1, 2, 1, 1),
                NDArray.zeros(DType.INT64, 1, 1, 1, 1), new int[] {1, 2, 2, 2}), "max_pool2d_backward", "[1, 2, 1, 1]",
                "[1, 1, 1, 1]");
        fails(IllegalArgumentException.class, () -> NDArray.maxPool2dBackward(NDArray.ones(1, 3, 1, 1),
                NDArray.zeros(DType.INT64, 1, 3, 1, 1), new int[] {1, 2, 2, 2}), "max_pool2d_backward", "[1, 2, 2, 2]");
        fails(IllegalArgumentException.class, () -> NDArray.maxPool2dBackward(NDArray.ones(1, 2, 1, 1),
                NDArray.zeros(DType.FLOAT32, 1, 2, 1, 1), new int[] {1, 2, 2, 2}), "max_pool2d_backward", "int64",
                "float32");
        fails(IllegalArgumentException.class, () -> NDArray.maxPool2dBackward(NDArray.zeros(DType.INT64, 1, 2, 1, 1),
                NDArray.zeros(DType.INT64, 1, 2, 1, 1), new int[] {1, 2, 2, 2}), "max_pool2d_backward", "floating");
        fails(IndexOutOfBoundsException.class, () -> NDArray.maxPool2dBackward(NDArray.ones(1, 2, 1, 1),
                NDArray.full(new int[] {1, 2, 1, 1}, 4L), new int[] {1, 2, 2, 2}), "max_pool2d_backward",
                "index 4", "4 elements");
        // a non-contiguous gradient (a transposed view) gives what its contiguous copy gives
        NDArray gt = NDArray.arange(0.0, 8.0, 1.0, DType.FLOAT64).view(1, 2, 2, 2).transpose(2, 3);
        NDArray idx = NDArray.fromArray(new long[] {3, 0, 1, 2, 2, 1, 0, 3}).view(1, 2, 2, 2);
        close(NDArray.maxPool2dBackward(gt.contiguous(), idx, new int[] {1, 2, 4, 4}).toDoubleArray(),
                NDArray.maxPool2dBackward(gt, idx, new int[] {1, 2, 4, 4}), 0, 0, "max_pool2d_backward of a view");
        exact(NDArray.avgPool2dBackward(NDArray.ones(1, 1, 1), new int[] {1, 2, 2}, Window2d.of(2, 2, 0), false, true, 0),
                DType.FLOAT32, new int[] {1, 2, 2}, 0.25, 0.25, 0.25, 0.25);
        fails(IllegalArgumentException.class, () -> new Window2d(0, 1, 1, 1, 0, 0, 1, 1), "kernel size");
        fails(IllegalArgumentException.class, () -> new Window2d(1, 1, 0, 1, 0, 0, 1, 1), "stride");
        fails(IllegalArgumentException.class, () -> new Window2d(1, 1, 1, 1, -1, 0, 1, 1), "padding");
    }
}
