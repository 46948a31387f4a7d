package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.doubles;
import static dev.ravel.tensor.Check.fails;
import static dev.ravel.tensor.Check.shape;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conv2d and its input and weight gradients against one direct loop over every output, weight
 * tap and input position, in float32 and float64, on both CPU paths: im2col + GEMM, and oneDNN's
 * primitives (float32, one group, 16 or more channels, at least an image per thread).
 */
class ConvolutionTest {

    /** One case: batch, channels, height, width, out channels, groups, window. */
    private record Case(int n, int c, int h, int w, int o, int groups, Window2d win) {
        int cg() {
            return c / groups;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(2, 3, 5, 6, 4, 1, Window2d.of(3, 1, 1)),
            new Case(1, 1, 7, 7, 3, 1, new Window2d(3, 2, 2, 1, 0, 1, 1, 2)),
            new Case(2, 4, 6, 5, 6, 2, new Window2d(2, 2, 1, 2, 1, 0, 2, 1)),
            new Case(2, 16, 5, 4, 3, 1, Window2d.of(3, 1, 1)),
            new Case(1, 32, 6, 6, 4, 2, new Window2d(3, 2, 1, 1, 2, 0, 2, 1)),   // groups, dilation
            new Case(3, 16, 4, 4, 5, 1, Window2d.of(1, 1, 0)),                   // 1x1
            new Case(2, 16, 5, 4, 16, 1, Window2d.of(3, 1, 1)),                  // oneDNN in float32
            new Case(3, 17, 6, 5, 20, 1, new Window2d(3, 2, 2, 1, 1, 0, 1, 2)),  // oneDNN: stride, dilation
            new Case(2, 16, 7, 7, 2, 1, Window2d.of(3, 2, 1)));                  // stride 2: im2col

    /** Output, input gradient and weight gradient of the direct loop, for a given output gradient. */
    private record Expected(double[] y, double[] gradInput, double[] gradWeight) {
    }

    private static Expected direct(Case k, double[] x, double[] wt, double[] bias, double[] g, int oh, int ow) {
        Window2d w = k.win();
        int cg = k.cg();
        int og = k.o() / k.groups();
        double[] y = new double[k.n() * k.o() * oh * ow];
        double[] gi = new double[x.length];
        double[] gw = new double[wt.length];
        for (int n = 0; n < k.n(); n++) {
            for (int o = 0; o < k.o(); o++) {
                int grp = o / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((n * k.o() + o) * oh + i) * ow + j;
                        double s = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cg; c++) {
                            for (int a = 0; a < w.kernelH(); a++) {
                                for (int b = 0; b < w.kernelW(); b++) {
                                    int yy = i * w.strideH() - w.padH() + a * w.dilationH();
                                    int xx = j * w.strideW() - w.padW() + b * w.dilationW();
                                    if (yy < 0 || yy >= k.h() || xx < 0 || xx >= k.w()) {
                                        continue;
                                    }
                                    int xi = ((n * k.c() + grp * cg + c) * k.h() + yy) * k.w() + xx;
                                    int wi = ((o * cg + c) * w.kernelH() + a) * w.kernelW() + b;
                                    s += x[xi] * wt[wi];
                                    gi[xi] += g[yi] * wt[wi];
                                    gw[wi] += g[yi] * x[xi];
                                }
                            }
                        }
                        y[yi] = s;
                    }
                }
            }
        }
        return new Expected(y, gi, gw);
    }

    private static NDArray array(double[] v, DType dtype, int... shape) {
        return NDArray.fromArray(v.clone(), shape).to(dtype);
    }

    @Test
    void forwardAndBothGradientsMatchTheDirectLoop() {
        long seed = 1;
        for (Case k : CASES) {
            Window2d w = k.win();
            int oh = w.outH(k.h(), false);
            int ow = w.outW(k.w(), false);
            int[] xShape = {k.n(), k.c(), k.h(), k.w()};
            int[] wShape = {k.o(), k.cg(), w.kernelH(), w.kernelW()};
            // float32-representable values, so both dtypes see the same numbers
            double[] x = rounded(doubles(k.n() * k.c() * k.h() * k.w(), seed++, -1, 1));
            double[] wt = rounded(doubles(k.o() * k.cg() * w.kernelH() * w.kernelW(), seed++, -1, 1));
            double[] b = rounded(doubles(k.o(), seed++, -1, 1));
            double[] g = rounded(doubles(k.n() * k.o() * oh * ow, seed++, -1, 1));
            Expected e = direct(k, x, wt, b, g, oh, ow);
            for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
                double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
                String ctx = k + " " + dt;
                NDArray y = array(x, dt, xShape).conv2d(array(wt, dt, wShape), array(b, dt, k.o()), w, k.groups());
                shape(y, k.n(), k.o(), oh, ow);
                close(e.y(), y, tol, tol, ctx + " forward");
                NDArray gy = array(g, dt, k.n(), k.o(), oh, ow);
                close(e.gradInput(), NDArray.conv2dBackwardInput(gy, array(wt, dt, wShape), xShape, w, k.groups()),
                        tol, tol, ctx + " input gradient");
                close(e.gradWeight(), NDArray.conv2dBackwardWeight(gy, array(x, dt, xShape), wShape, w, k.groups()),
                        tol, tol * 10, ctx + " weight gradient");
            }
        }
    }

    private static double[] rounded(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
        }
        return v;
    }

    @Test
    void unbatchedNonContiguousAndOffsetOperands() {
        Case k = new Case(1, 16, 4, 5, 3, 1, Window2d.of(3, 1, 1));
        double[] x = doubles(16 * 4 * 5, 7, -1, 1);
        double[] wt = doubles(3 * 16 * 9, 8, -1, 1);
        double[] g = doubles(3 * 4 * 5, 9, -1, 1);
        Expected e = direct(k, x, wt, null, g, 4, 5);
        // the input as a transposed copy viewed back, the weight as a slice of a larger array
        NDArray xT = NDArray.fromArray(x.clone(), 16, 4, 5).transpose(1, 2).contiguous().transpose(1, 2);
        NDArray big = NDArray.zeros(DType.FLOAT64, 4, 16, 3, 3);
        NDArray wv = big.narrow(0, 1, 3);
        wv.copy_(NDArray.fromArray(wt.clone(), 3, 16, 3, 3));
        NDArray y = xT.conv2d(wv, null, k.win(), 1);
        shape(y, 3, 4, 5);
        close(e.y(), y, 1e-12, 1e-12, "unbatched forward");
        NDArray gy = NDArray.fromArray(g.clone(), 3, 4, 5);
        close(e.gradInput(), NDArray.conv2dBackwardInput(gy, wv, new int[] {16, 4, 5}, k.win(), 1), 1e-12, 1e-12,
                "unbatched input gradient");
        close(e.gradWeight(), NDArray.conv2dBackwardWeight(gy, xT, new int[] {3, 16, 3, 3}, k.win(), 1), 1e-12, 1e-12,
                "unbatched weight gradient");
    }

    @Test
    void badOperandsNameTheOpAndShapes() {
        NDArray x = NDArray.zeros(DType.FLOAT32, 1, 4, 5, 5);
        NDArray w = NDArray.zeros(DType.FLOAT32, 2, 4, 3, 3);
        Window2d win = Window2d.of(3, 1, 1);
        fails(IllegalArgumentException.class, () -> x.conv2d(w.to(DType.FLOAT64), null, win, 1), "conv2d", "float32",
                "float64");
        fails(IllegalArgumentException.class, () -> x.conv2d(w, null, win, 2), "conv2d", "groups=2",
                "[2, 4, 3, 3]", "8 channels, but got 4");
        fails(IllegalArgumentException.class, () -> x.conv2d(w, NDArray.zeros(DType.FLOAT32, 3), win, 1),
                "conv2d", "bias", "[2]", "[3]");
        fails(IllegalArgumentException.class, () -> x.to(DType.INT64).conv2d(w.to(DType.INT64), null, win, 1),
                "conv2d", "floating point", "int64");
        fails(IllegalArgumentException.class, () -> x.conv2d(w, null, Window2d.of(2, 1, 1), 1), "conv2d", "2x2",
                "[2, 4, 3, 3]");
        fails(IllegalArgumentException.class, () -> NDArray.conv2dBackwardInput(
                NDArray.zeros(DType.FLOAT32, 1, 2, 4, 4), w, new int[] {1, 4, 5, 5}, win, 1),
                "conv2d_backward_input", "[1, 2, 5, 5]", "[1, 2, 4, 4]");
        fails(IllegalArgumentException.class, () -> NDArray.conv2dBackwardWeight(
                NDArray.zeros(DType.FLOAT32, 1, 2, 5, 5), x, new int[] {2, 4, 3}, win, 1),
                "conv2d_backward_weight", "[2, 4, 3]");
    }
}
