package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static dev.ravel.tensor.Check.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** matmul and friends against triple loops in double, on contiguous, transposed, narrowed, stepped and broadcast operands. */
class MatmulTest {

    /** Row-major [b, m, k] @ [b, k, n] in double. */
    static double[] ref(double[] a, double[] b, int batches, int m, int k, int n) {
        double[] c = new double[batches * m * n];
        for (int q = 0; q < batches; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[(q * m + i) * k + p] * b[(q * k + p) * n + j];
                    }
                    c[(q * m + i) * n + j] = s;
                }
            }
        }
        return c;
    }

    private static double tol(DType t, int k) {
        return t == DType.FLOAT64 ? 1e-12 * Math.max(1, k) : t == DType.FLOAT32 ? 2e-6 * Math.max(1, k) : 0;
    }

    /** An [r, c] operand in several layouts, all holding the same logical values. */
    private static List<NDArray> layoutsOf(DType t, double[] v, int r, int c) {
        NDArray contiguous = Layouts.array(t, v, r, c);
        double[] tr = new double[v.length];       // stored as [c, r], viewed as [r, c]
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                tr[j * r + i] = v[i * c + j];
            }
        }
        NDArray transposed = Layouts.array(t, tr, c, r).t();
        double[] wide = new double[r * (c + 3)];  // narrowed columns: leading dimension c + 3
        double[] stepped = new double[r * 2 * c]; // every other column: not BLAS-readable, copied
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                wide[i * (c + 3) + j + 1] = v[i * c + j];
                stepped[i * 2 * c + 2 * j] = v[i * c + j];
            }
        }
        NDArray narrowed = Layouts.array(t, wide, r, c + 3).narrow(1, 1, c);
        NDArray steppedView = Layouts.array(t, stepped, r, 2 * c).slice(1, 0, 2 * c, 2);
        return List.of(contiguous, transposed, narrowed, steppedView);
    }

    @Test
    void twoDimensionalOnEveryLayoutPair() {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {64, 1, 64}, {1, 128, 1}, {65, 129, 31}, {2, 300, 3}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (int[] s : sizes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                double[] av = Layouts.data(t, m * k, m * 7 + k, -2, 2);
                double[] bv = Layouts.data(t, k * n, n * 11 + k, -2, 2);
                double[] e = ref(av, bv, 1, m, k, n);
                for (NDArray a : layoutsOf(t, av, m, k)) {
                    for (NDArray b : layoutsOf(t, bv, k, n)) {
                        String ctx = t + " " + m + "x" + k + "x" + n + " " + a.layout() + " @ " + b.layout();
                        NDArray c = a.matmul(b);
                        assertEquals(t, c.dtype(), ctx);
                        shape(c, m, n);
                        close(e, c, 0, tol(t, k) * 4, ctx);
                        close(e, a.mm(b), 0, tol(t, k) * 4, "mm " + ctx);
                    }
                }
            }
        }
    }

    @Test
    void vectorOperandsGainAndLoseADim() {
        NDArray v = NDArray.of(1f, 2f, 3f);
        NDArray m = NDArray.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        exact(v.matmul(v), DType.FLOAT32, new int[0], 14);
        exact(v.matmul(m), DType.FLOAT32, new int[] {2}, 22, 28);
        exact(m.t().matmul(v), DType.FLOAT32, new int[] {2}, 22, 28);
        exact(v.dot(v), DType.FLOAT32, new int[0], 14);
        exact(v.slice(0, 0, 3, 2).dot(NDArray.of(10f, 100f)), DType.FLOAT32, new int[0], 310);
        exact(v.outer(NDArray.of(1f, -1f)), DType.FLOAT32, new int[] {3, 2}, 1, -1, 2, -2, 3, -3);
        NDArray batch = NDArray.of(new float[][][] {{{1, 0, 0}, {0, 1, 0}}, {{0, 0, 1}, {1, 1, 1}}});   // [2, 2, 3]
        exact(batch.matmul(v), DType.FLOAT32, new int[] {2, 2}, 1, 2, 3, 6);
        exact(NDArray.of(1f, 1f).matmul(batch), DType.FLOAT32, new int[] {2, 3}, 1, 1, 0, 1, 1, 2);
        exact(NDArray.of(1L, 2L).dot(NDArray.of(3L, 4L)), DType.INT64, new int[0], 11);
        exact(NDArray.zeros(0).dot(NDArray.zeros(0)), DType.FLOAT32, new int[0], 0);
    }

    @Test
    void batchedWithBroadcastBatchDims() {
        int b1 = 2;
        int b2 = 3;
        int m = 5;
        int k = 7;
        int n = 4;
        double[] av = Layouts.data(DType.FLOAT64, b1 * m * k, 1, -1, 1);        // [2, 1, 5, 7]
        double[] bv = Layouts.data(DType.FLOAT64, b2 * k * n, 2, -1, 1);        // [3, 7, 4]
        NDArray a = Layouts.array(DType.FLOAT64, av, b1, 1, m, k);
        NDArray b = Layouts.array(DType.FLOAT64, bv, b2, k, n);
        NDArray c = a.matmul(b);
        shape(c, b1, b2, m, n);
        double[] e = new double[b1 * b2 * m * n];
        for (int i = 0; i < b1; i++) {
            for (int j = 0; j < b2; j++) {
                double[] ai = java.util.Arrays.copyOfRange(av, i * m * k, (i + 1) * m * k);
                double[] bj = java.util.Arrays.copyOfRange(bv, j * k * n, (j + 1) * k * n);
                System.arraycopy(ref(ai, bj, 1, m, k, n), 0, e, (i * b2 + j) * m * n, m * n);
            }
        }
        close(e, c, 1e-12, 1e-12, "[2, 1, 5, 7] @ [3, 7, 4]");

        // [B, m, k] @ [k, n] folds into one GEMM; the same through a transposed right operand.
        double[] bm = java.util.Arrays.copyOfRange(bv, 0, k * n);
        NDArray right = Layouts.array(DType.FLOAT64, bm, k, n);
        NDArray a3 = Layouts.array(DType.FLOAT64, av, b1, m, k);
        close(ref(av, concat(bm, b1), b1, m, k, n), a3.matmul(right), 1e-12, 1e-12, "[2, 5, 7] @ [7, 4]");
        close(ref(av, concat(bm, b1), b1, m, k, n), a3.matmul(right.t().contiguous().t()), 1e-12, 1e-12,
                "[2, 5, 7] @ [7, 4] transposed");
        // A batch of transposed matrices (mT) and an expanded (stride-0) batch.
        NDArray at = a3.mT().contiguous().mT();
        close(ref(av, concat(bm, b1), b1, m, k, n), at.matmul(right.unsqueeze(0).expand(b1, k, n)), 1e-12, 1e-12,
                "mT batch @ expanded batch");
        close(ref(av, concat(bm, b1), b1, m, k, n), at.bmm(right.unsqueeze(0).expand(b1, k, n)), 1e-12, 1e-12, "bmm");
        // [m, k] @ [B, k, n]: the left matrix broadcasts over the batch.
        double[] left = java.util.Arrays.copyOfRange(av, 0, m * k);
        NDArray rb = Layouts.array(DType.FLOAT64, bv, b2, k, n);
        close(ref(concat(left, b2), bv, b2, m, k, n), Layouts.array(DType.FLOAT64, left, m, k).matmul(rb), 1e-12, 1e-12,
                "[5, 7] @ [3, 7, 4]");
        // A 4-D batch narrowed in its batch dim.
        NDArray a4 = Layouts.array(DType.FLOAT64, av, b1, 1, m, k).expand(b1, b2, m, k).narrow(1, 1, 2);
        shape(a4.matmul(rb.narrow(0, 0, 2)), b1, 2, m, n);
    }

    @Test
    void batchDimsThatCannotMergeAreMultipliedInPlace() {
        // attention heads: [N, L, H, D] viewed as [N, H, L, D] (batch strides L*H*D and D) times its own mT
        int nb = 2;
        int l = 5;
        int h = 3;
        int d = 4;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            double[] v = Layouts.data(t, nb * l * h * d, 9, -2, 2);
            NDArray x = Layouts.array(t, v, nb, l, h, d).transpose(1, 2);
            NDArray c = x.matmul(x.mT());
            shape(c, nb, h, l, l);
            NDArray xc = x.contiguous();
            double[] flat = Check.values(xc);
            double[] flatT = Check.values(xc.mT().contiguous());
            close(ref(flat, flatT, nb * h, l, d, l), c, tol(t, d), tol(t, d), "heads @ heads^T " + t);
        }
    }

    private static double[] concat(double[] x, int times) {
        double[] r = new double[x.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(x, 0, r, i * x.length, x.length);
        }
        return r;
    }

    @Test
    void zeroSizedProducts() {
        shape(NDArray.zeros(0, 3).matmul(NDArray.zeros(3, 4)), 0, 4);
        shape(NDArray.zeros(2, 3).matmul(NDArray.zeros(3, 0)), 2, 0);
        exact(NDArray.ones(2, 0).matmul(NDArray.ones(0, 3)), DType.FLOAT32, new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        exact(NDArray.ones(DType.FLOAT64, 2, 0).mm(NDArray.ones(DType.FLOAT64, 0, 2)), DType.FLOAT64, new int[] {2, 2},
                0, 0, 0, 0);
        exact(NDArray.ones(DType.INT64, 1, 0).mm(NDArray.ones(DType.INT64, 0, 2)), DType.INT64, new int[] {1, 2}, 0, 0);
        shape(NDArray.zeros(0, 2, 3).matmul(NDArray.zeros(3, 4)), 0, 2, 4);
        shape(NDArray.zeros(2, 3, 0).matmul(NDArray.zeros(0, 4)), 2, 3, 4);
        shape(NDArray.zeros(0, 2, 3).bmm(NDArray.zeros(0, 3, 4)), 0, 2, 4);
        exact(NDArray.ones(2, 3, 0).matmul(NDArray.ones(2, 0, 2)), DType.FLOAT32, new int[] {2, 3, 2},
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void addmmScalesAndBroadcastsTheInput() {
        NDArray a = NDArray.of(new float[][] {{1, 2}, {3, 4}});
        NDArray b = NDArray.of(new float[][] {{1, 0, 1}, {0, 1, 1}});
        NDArray bias = NDArray.of(10f, 20f, 30f);
        exact(bias.addmm(a, b), DType.FLOAT32, new int[] {2, 3}, 11, 22, 33, 13, 24, 37);
        exact(bias.addmm(a, b, 0.5, 2), DType.FLOAT32, new int[] {2, 3}, 7, 14, 21, 11, 18, 29);
        exact(bias.addmm(a.t(), b, 1, 1), DType.FLOAT32, new int[] {2, 3}, 11, 23, 34, 12, 24, 36);
        // beta = 0 ignores the input entirely, NaN included (as PyTorch).
        NDArray nan = NDArray.full(new int[] {2, 3}, Double.NaN);
        exact(nan.addmm(a, b, 0, 1), DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, 3, 4, 7);
        exact(NDArray.scalar(1.0).addmm(a, b), DType.FLOAT32, new int[] {2, 3}, 2, 3, 4, 4, 5, 8);
        exact(bias.addmm(NDArray.zeros(2, 0), NDArray.zeros(0, 3), 2, 1), DType.FLOAT32, new int[] {2, 3},
                20, 40, 60, 20, 40, 60);
        assertArrayEquals(new float[] {10, 20, 30}, bias.toFloatArray(), "addmm leaves its input alone");
    }

    @Test
    void largeProductThroughTheParallelAndBlasPaths() {
        int m = 257;
        int k = 300;
        int n = 129;
        double[] av = Layouts.data(DType.FLOAT32, m * k, 5, -1, 1);
        double[] bv = Layouts.data(DType.FLOAT32, k * n, 6, -1, 1);
        NDArray a = Layouts.array(DType.FLOAT32, av, m, k);
        NDArray b = Layouts.array(DType.FLOAT32, bv, k, n);
        close(ref(av, bv, 1, m, k, n), a.matmul(b), 0, 1e-4, "257x300x129");
    }
}
