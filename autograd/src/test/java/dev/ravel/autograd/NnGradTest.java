package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.Window2d;
import org.junit.jupiter.api.Test;

/**
 * gradcheck and gradgradcheck of unfold/fold, pooling, convolution and dropout, with their
 * options (stride, padding, dilation, groups, ceil mode, count_include_pad, divisor override).
 */
class NnGradTest {
    private static final int[] ONE = {1, 1};

    private static Tensor conv(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dil, int groups) {
        return Ravel.conv2d(x, w, b, stride, pad, dil, groups);
    }

    @Test
    void unfold() {
        checkBoth(in -> in[0].unfold(Window2d.of(2, 1, 0)), randn(1, 1, 2, 3, 3));
        checkBoth(in -> in[0].unfold(new Window2d(2, 3, 2, 1, 1, 0, 1, 2)), transposed(2, 2, 1, 4, 5));
        checkBoth(in -> in[0].unfold(Window2d.of(2, 2, 1)), randn(3, 2, 3, 3));
        checkBoth(in -> in[0].expand(1, 2, 3, 3).unfold(Window2d.of(2, 1, 0)), randn(4, 1, 1, 3, 3));
    }

    @Test
    void fold() {
        // fold(unfold(x)) sums overlapping windows: its gradient is unfold
        Window2d w = Window2d.of(2, 1, 0);
        checkBoth(in -> in[0].fold(3, 3, w), randn(11, 1, 8, 4));
        checkBoth(in -> in[0].fold(4, 5, new Window2d(2, 3, 2, 1, 1, 0, 1, 2)), randn(12, 12, 3));
        checkBoth(in -> in[0].fold(3, 3, w), transposed(13, 1, 8, 4));
        checkBoth(in -> in[0].unfold(w).fold(3, 3, w), randn(14, 1, 2, 3, 3));
    }

    @Test
    void maxPool2d() {
        checkBoth(in -> in[0].maxPool2d(Window2d.of(2, 2, 0), false).values(), randn(21, 1, 2, 4, 4));
        checkBoth(in -> in[0].maxPool2d(Window2d.of(3, 2, 1), false).values(), randn(22, 2, 1, 5, 5));
        checkBoth(in -> in[0].maxPool2d(Window2d.of(2, 2, 0), true).values(), randn(23, 1, 1, 5, 5));
        checkBoth(in -> in[0].maxPool2d(Window2d.of(3, 2, 1), true).values(), transposed(24, 1, 2, 4, 5));
        checkBoth(in -> in[0].maxPool2d(new Window2d(2, 2, 1, 1, 0, 1, 2, 1), false).values(), randn(25, 1, 4, 4));
        // overlapping windows: one element is the max of several windows, its gradients add up
        checkBoth(in -> in[0].maxPool2d(Window2d.of(2, 1, 0), false).values(), randn(26, 1, 1, 3, 3));
        checkBoth(in -> in[0].slice(3, 0, 8, 2).maxPool2d(Window2d.of(2, 1, 0), false).values(), randn(27, 1, 1, 3, 8));
    }

    @Test
    void avgPool2d() {
        for (boolean ceil : new boolean[] {false, true}) {
            for (boolean countPad : new boolean[] {false, true}) {
                for (int div : new int[] {0, 3}) {
                    checkBoth(in -> in[0].avgPool2d(Window2d.of(3, 2, 1), ceil, countPad, div), randn(31, 1, 2, 5, 4));
                    checkBoth(in -> in[0].avgPool2d(Window2d.of(2, 2, 0), ceil, countPad, div), transposed(32, 2, 5, 5));
                }
            }
        }
        checkBoth(in -> in[0].expand(1, 2, 4, 4).avgPool2d(new Window2d(2, 3, 1, 2, 1, 1, 1, 1), false, true, 0),
                randn(33, 1, 1, 4, 4));
    }

    @Test
    void conv2dStridePaddingDilation() {
        checkBoth(in -> conv(in[0], in[1], in[2], ONE, new int[] {0, 0}, ONE, 1),
                randn(41, 2, 2, 4, 4), randn(42, 3, 2, 3, 3), randn(43, 3));
        checkBoth(in -> conv(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 2}, ONE, 1),
                randn(44, 1, 2, 5, 4), randn(45, 2, 2, 3, 2), randn(46, 2));
        checkBoth(in -> conv(in[0], in[1], null, ONE, new int[] {1, 1}, new int[] {2, 1}, 1),
                randn(47, 1, 1, 5, 5), randn(48, 2, 1, 2, 3));
    }

    @Test
    void conv2dGroups() {
        checkBoth(in -> conv(in[0], in[1], in[2], ONE, ONE, ONE, 2),
                randn(51, 1, 4, 3, 3), randn(52, 4, 2, 2, 2), randn(53, 4));
        checkBoth(in -> conv(in[0], in[1], null, new int[] {2, 2}, ONE, ONE, 3),
                randn(54, 2, 3, 4, 4), randn(55, 3, 1, 3, 3));
    }

    @Test
    void conv2dWithManyChannelsPerGroupUsesTheShiftedKernels() {
        // 16+ input channels per group at stride 1 take the shifted-GEMM path (see CpuConvolution)
        checkBoth(in -> conv(in[0], in[1], in[2], ONE, ONE, ONE, 1),
                randn(56, 2, 16, 3, 4), randn(57, 2, 16, 3, 3), randn(58, 2));
        checkBoth(in -> conv(in[0], in[1], null, ONE, new int[] {0, 2}, new int[] {1, 2}, 2),
                randn(59, 1, 32, 3, 3), randn(60, 2, 16, 2, 3));
    }

    @Test
    void conv2dUnbatchedAndNonContiguous() {
        checkBoth(in -> conv(in[0], in[1], in[2], ONE, ONE, ONE, 1), randn(61, 2, 3, 4), randn(62, 2, 2, 2, 2),
                randn(63, 2));
        checkBoth(in -> conv(in[0], in[1], null, ONE, new int[] {0, 0}, ONE, 1), transposed(64, 1, 2, 4, 3),
                transposed(65, 2, 2, 2, 3));
        // input broadcast over the batch inside fn, weight a stepped slice, bias broadcast from one value
        checkBoth(in -> conv(in[0].expand(2, 2, 3, 3), in[1].slice(0, 0, 4, 2), in[2].expand(2), ONE, ONE, ONE, 1),
                randn(66, 1, 2, 3, 3), randn(67, 4, 2, 2, 2), randn(68, 1));
    }

    @Test
    void conv2dMatchesADirectLoop() {
        Tensor x = randn(71, 1, 2, 4, 4);
        Tensor w = randn(72, 3, 2, 2, 2);
        Tensor y = conv(x, w, null, ONE, new int[] {0, 0}, ONE, 1);
        double[] xs = x.toDoubleArray();
        double[] ws = w.toDoubleArray();
        double[] ys = y.toDoubleArray();
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int c = 0; c < 2; c++) {
                        for (int a = 0; a < 2; a++) {
                            for (int b = 0; b < 2; b++) {
                                s += xs[c * 16 + (i + a) * 4 + j + b] * ws[o * 8 + c * 4 + a * 2 + b];
                            }
                        }
                    }
                    assertEquals(s, ys[o * 9 + i * 3 + j], 1e-12);
                }
            }
        }
    }

    @Test
    void dropoutTrainingWithAFixedMask() {
        Generator g = new Generator(0);
        // reseeding inside fn draws the same mask on every evaluation
        checkBoth(in -> NnFunctions.dropout(in[0], 0.4, true, g.manualSeed(7)), randn(81, 4, 5));
        checkBoth(in -> NnFunctions.dropout(in[0].expand(3, 5), 0.5, true, g.manualSeed(8)), randn(82, 5));
        checkBoth(in -> NnFunctions.dropout(in[0], 0.3, true, g.manualSeed(9)), transposed(83, 4, 5));
        checkBoth(in -> {
            Ravel.manualSeed(11);
            return Ravel.dropout(in[0].slice(0, 0, 6, 2), 0.5, true);
        }, randn(85, 6, 4));

        Tensor x = randn(84, 200);
        Tensor y = NnFunctions.dropout(x, 0.25, true, g.manualSeed(10));
        y.sum().backward();
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] gv = x.grad().toDoubleArray();
        int kept = 0;
        for (int i = 0; i < xv.length; i++) {
            boolean keep = yv[i] != 0;
            kept += keep ? 1 : 0;
            assertEquals(keep ? xv[i] / 0.75 : 0.0, yv[i], 1e-12);
            assertEquals(keep ? 1 / 0.75 : 0.0, gv[i], 1e-12, "the gradient is the scaled mask");
        }
        assertTrue(kept > 120 && kept < 180, "about 75% kept, got " + kept);
    }

    @Test
    void dropoutEvalIsIdentity() {
        Tensor x = randn(91, 3, 4);
        assertSame(x, Ravel.dropout(x, 0.5, false));
        assertSame(x, NnFunctions.dropout(x, 0.0, true, new Generator(1)));
        checkBoth(in -> Ravel.dropout(in[0], 0.5, false).mul(2), randn(92, 3));
        Tensor z = NnFunctions.dropout(x, 1.0, true, new Generator(1));
        z.sum().backward();
        assertArrayEquals(new double[12], z.toDoubleArray(), 0.0);
        assertArrayEquals(new double[12], x.grad().toDoubleArray(), 0.0);
    }
}
