package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one-pass updates optimizers run ({@code add(x, alpha)}, {@code addcmul_}, {@code addcdiv_},
 * {@code lerp_}, {@code addcdivSqrt_}, {@code mulAddcmul_}) and ReLU's backward mask, against
 * double loops, through views and broadcasts, with PyTorch's dtype rules.
 */
class FusedUpdateOpsTest {

    /** A [rows, cols] float32 or float64 array stored transposed (non-contiguous), with its logical values. */
    private static NDArray transposed(DType t, double[] v, int rows, int cols) {
        double[] stored = new double[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                stored[j * rows + i] = v[i * cols + j];
            }
        }
        return Layouts.array(t, stored, cols, rows).t();
    }

    @Test
    void everyUpdateThroughATransposedSelfWithBroadcastOperands() {
        int rows = 33;
        int cols = 65;   // vector bodies and tails in every row
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = t == DType.FLOAT32 ? 1e-6 : 1e-14;
            double[] sv = Layouts.data(t, rows * cols, 1, -2, 2);
            double[] bv = Layouts.data(t, cols, 2, -2, 2);                 // a broadcast row
            double[] cv = Layouts.data(t, rows * cols, 3, 0.5, 3);         // positive
            NDArray b = Layouts.array(t, bv, cols);
            NDArray c = Layouts.array(t, cv, rows, cols);
            double[] e = new double[sv.length];

            NDArray x = transposed(t, sv, rows, cols);
            assertSame(x, x.addcmul_(b, c, 0.5));
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] + 0.5 * bv[i % cols] * cv[i];
            }
            close(e, x, tol, tol, "addcmul_ " + t);

            x = transposed(t, sv, rows, cols);
            x.addcdiv_(b, c, -2);
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] - 2 * bv[i % cols] / cv[i];
            }
            close(e, x, tol, tol, "addcdiv_ " + t);

            x = transposed(t, sv, rows, cols);
            x.lerp_(b, 0.25);
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] + 0.25 * (bv[i % cols] - sv[i]);
            }
            close(e, x, tol, tol, "lerp_ " + t);

            x = transposed(t, sv, rows, cols);
            x.addcdivSqrt_(b, c, -0.01, 0.5, 1e-8);
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] - 0.01 * bv[i % cols] / (0.5 * Math.sqrt(cv[i]) + 1e-8);
            }
            close(e, x, tol, tol, "addcdivSqrt_ " + t);

            x = transposed(t, sv, rows, cols);
            x.mulAddcmul_(0.99, b, b, 0.01);
            for (int i = 0; i < e.length; i++) {
                e[i] = 0.99 * sv[i] + 0.01 * bv[i % cols] * bv[i % cols];
            }
            close(e, x, tol, tol, "mulAddcmul_ " + t);

            x = transposed(t, sv, rows, cols);
            x.add_(b, -3);
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] - 3 * bv[i % cols];
            }
            close(e, x, tol, tol, "add_(alpha) " + t);

            NDArray y = transposed(t, sv, rows, cols).add(b.unsqueeze(0), 1.5);
            for (int i = 0; i < e.length; i++) {
                e[i] = sv[i] + 1.5 * bv[i % cols];
            }
            close(e, y, tol, tol, "add(alpha) " + t);
        }
    }

    @Test
    void addWithAlphaFollowsTypePromotion() {
        NDArray i = NDArray.of(1L, 2L);
        exact(i.add(NDArray.of(3L, 4L), 2), DType.INT64, new int[] {2}, 7, 10);
        exact(i.clone().add_(NDArray.of(3L, 4L), -1), DType.INT64, new int[] {2}, -2, -2);
        exact(i.add(NDArray.of(3f, 4f), 2), DType.FLOAT32, new int[] {2}, 7, 10);
        exact(NDArray.of(1f, 2f).add(NDArray.of(3.0, 4.0), 2), DType.FLOAT64, new int[] {2}, 7, 10);
        exact(NDArray.of(1f, 2f).add(NDArray.scalar(3.0, DType.FLOAT64), 2), DType.FLOAT32, new int[] {2}, 7, 8);
        exact(NDArray.of(1.0, 2.0).add(NDArray.of(3f, 4f), 0.5), DType.FLOAT64, new int[] {2}, 2.5, 4);
        exact(NDArray.of(1f, 2f).clone().add_(NDArray.of(3.0, 4.0), 2), DType.FLOAT32, new int[] {2}, 7, 10);
        exact(NDArray.of(1f, 2f).clone().add_(NDArray.of(3L, 4L), 2), DType.FLOAT32, new int[] {2}, 7, 10);
        // Out of place, self broadcasts too.
        exact(NDArray.of(1f, 2f).add(NDArray.of(new float[][] {{1, 1}, {2, 2}}), 10), DType.FLOAT32, new int[] {2, 2},
                11, 12, 21, 22);
        fails(IllegalArgumentException.class, () -> i.add(NDArray.of(3L, 4L), 0.5), "add", "integral", "alpha", "0.5");
        fails(IllegalArgumentException.class, () -> i.clone().add_(NDArray.of(0.5f, 0.5f), 2), "add_", "float32",
                "int64");
        fails(IllegalArgumentException.class, () -> NDArray.zeros(2).add_(NDArray.ones(3, 2), 2), "add_", "[2]",
                "[3, 2]");
    }

    @Test
    void updatesRefuseBroadcastDestinationsAndReadAliasesFirst() {
        NDArray e = NDArray.zeros(3).expand(2, 3);
        String msg = "more than one element of the written-to tensor refers to a single memory location";
        fails(IllegalArgumentException.class, () -> e.addcmul_(NDArray.ones(2, 3), NDArray.ones(2, 3), 1), "addcmul_",
                msg);
        fails(IllegalArgumentException.class, () -> e.lerp_(NDArray.ones(2, 3), 0.5), msg);
        NDArray x = NDArray.of(new float[][] {{1, 2}, {3, 4}});
        x.addcmul_(x.t(), x, 1);     // x + x^T * x, elementwise, read before written
        exact(x, DType.FLOAT32, new int[] {2, 2}, 2, 8, 9, 20);
        NDArray y = NDArray.of(1f, 2f, 3f);
        int v0 = y.storage().version();
        y.addcdivSqrt_(y, y, 1, 1, 0);
        assertTrue(y.storage().version() > v0);
        y.mulAddcmul_(1, y, y, 0);
        assertEquals(v0 + 2, y.storage().version());
    }

    @Test
    void maskPositiveIsReluBackward() {
        NDArray g = NDArray.of(1f, 2f, 3f, 4f, 5f);
        NDArray gate = NDArray.of(-1f, 0f, 0.5f, Float.NaN, 2f);
        exact(g.maskPositive(gate), DType.FLOAT32, new int[] {5}, 0, 0, 3, 0, 5);
        exact(NDArray.of(new float[][] {{1, 2}, {3, 4}}).t().maskPositive(NDArray.of(1f, -1f)), DType.FLOAT32,
                new int[] {2, 2}, 1, 0, 2, 0);
        exact(NDArray.of(5L, 6L).maskPositive(NDArray.of(1L, 0L)), DType.INT64, new int[] {2}, 5, 0);
        int n = 1025;
        float[] a = Check.floats(n, 1, -1, 1);
        float[] b = Check.floats(n, 2, -1, 1);
        double[] ex = new double[n];
        for (int i = 0; i < n; i++) {
            ex[i] = b[i] > 0 ? a[i] : 0;
        }
        exact(NDArray.fromArray(a).maskPositive(NDArray.fromArray(b)), DType.FLOAT32, new int[] {n}, ex);
    }
}
