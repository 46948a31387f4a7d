package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** In-place ops write through views, bump the shared version counter, and refuse broadcast destinations. */
class InPlaceAndVersionTest {

    private static NDArray grid() {
        return NDArray.of(new float[][] {{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}});
    }

    /** Every in-place op, each applied to a float32 [2, 3] array (or a view of it). */
    private static Map<String, UnaryOperator<NDArray>> inPlaceOps() {
        Map<String, UnaryOperator<NDArray>> ops = new LinkedHashMap<>();
        NDArray other = NDArray.of(1f, 2f, 3f);
        NDArray idx = NDArray.zeros(DType.INT64, 2, 3);
        Generator g = new Generator(1);
        ops.put("add_", x -> x.add_(other));
        ops.put("add_(double)", x -> x.add_(1.5));
        ops.put("add_(long)", x -> x.add_(2L));
        ops.put("add_(alpha)", x -> x.add_(other, 2));
        ops.put("sub_", x -> x.sub_(other));
        ops.put("sub_(double)", x -> x.sub_(0.5));
        ops.put("mul_", x -> x.mul_(other));
        ops.put("mul_(double)", x -> x.mul_(3.0));
        ops.put("mul_(long)", x -> x.mul_(3L));
        ops.put("div_", x -> x.div_(other));
        ops.put("div_(double)", x -> x.div_(4.0));
        ops.put("pow_", x -> x.pow_(2));
        ops.put("maximum_", x -> x.maximum_(other));
        ops.put("addcmul_", x -> x.addcmul_(other, other, 0.5));
        ops.put("addcdiv_", x -> x.addcdiv_(other, other, 0.5));
        ops.put("lerp_", x -> x.lerp_(other.expand(2, 3), 0.25));
        ops.put("neg_", NDArray::neg_);
        ops.put("relu_", NDArray::relu_);
        ops.put("exp_", NDArray::exp_);
        ops.put("sqrt_", NDArray::sqrt_);
        ops.put("sigmoid_", NDArray::sigmoid_);
        ops.put("tanh_", NDArray::tanh_);
        ops.put("clamp_", x -> x.clamp_(0.2, 0.5));
        ops.put("fill_(double)", x -> x.fill_(7.0));
        ops.put("fill_(long)", x -> x.fill_(7L));
        ops.put("zero_", NDArray::zero_);
        ops.put("copy_", x -> x.copy_(other));
        ops.put("maskedFill_", x -> x.maskedFill_(NDArray.of(true, false, true), -1));
        ops.put("scatter_", x -> x.scatter_(1, idx, NDArray.ones(2, 3)));
        ops.put("scatterAdd_", x -> x.scatterAdd_(1, idx, NDArray.ones(2, 3)));
        ops.put("indexAdd_", x -> x.indexAdd_(0, NDArray.of(1L, 1L), NDArray.ones(2, 3)));
        ops.put("uniform_", x -> x.uniform_(0, 1, g));
        ops.put("normal_", x -> x.normal_(0, 1, g));
        ops.put("random_", x -> x.random_(0, 10, g));
        ops.put("bernoulli_", x -> x.bernoulli_(0.5, g));
        return ops;
    }

    @Test
    void everyInPlaceOpReturnsItselfAndBumpsTheSharedVersion() {
        for (Map.Entry<String, UnaryOperator<NDArray>> op : inPlaceOps().entrySet()) {
            NDArray x = grid();
            NDArray view = x.view(3, 2);
            int v0 = x.storage().version();
            NDArray r = op.getValue().apply(x);
            assertSame(x, r, op.getKey() + " returns this");
            assertTrue(x.storage().version() > v0, op.getKey() + " bumps the version");
            assertEquals(x.storage().version(), view.storage().version(), op.getKey() + ": views share the counter");
        }
    }

    @Test
    void outOfPlaceOpsAndViewsLeaveTheVersionAlone() {
        NDArray x = grid();
        int v0 = x.storage().version();
        x.add(1.0);
        x.t().exp();
        x.sum();
        x.view(6).clone();
        x.narrow(1, 0, 2).contiguous();
        x.t().contiguous();
        x.scatter(1, NDArray.zeros(DType.INT64, 2, 1), NDArray.ones(2, 1));
        x.indexAdd(0, NDArray.of(0L), NDArray.ones(1, 3));
        x.maskedFill(NDArray.of(true, false, false), 0);
        assertEquals(v0, x.storage().version());
    }

    @Test
    void failedInPlaceOpsDoNotBump() {
        NDArray i = NDArray.of(1L, 2L);
        int v0 = i.storage().version();
        fails(IllegalArgumentException.class, () -> i.add_(0.5), "add_");
        fails(IllegalArgumentException.class, () -> i.add_(NDArray.ones(DType.INT64, 2, 2)), "add_");
        assertEquals(v0, i.storage().version());
    }

    @Test
    void inPlaceOpsOnViewsWriteTheRightBaseElements() {
        for (Map.Entry<String, UnaryOperator<NDArray>> op : inPlaceOps().entrySet()) {
            if (op.getKey().startsWith("uniform") || op.getKey().startsWith("normal") || op.getKey().startsWith("random")
                    || op.getKey().startsWith("bernoulli")) {
                continue;
            }
            // The op on a transposed [3, 2] -> [2, 3] view of a [3, 2] base must equal the op on a
            // contiguous copy, transposed back.
            NDArray base = grid().t().contiguous();   // [3, 2], holds grid() transposed
            NDArray view = base.t();                  // [2, 3], non-contiguous, same values as grid()
            NDArray expected = op.getValue().apply(grid());
            op.getValue().apply(view);
            exact(base, DType.FLOAT32, new int[] {3, 2}, Check.values(expected.t()));
            // A narrowed, stepped view: only its elements change.
            NDArray wide = NDArray.zeros(4, 7).add_(9.0);
            NDArray inner = wide.narrow(0, 1, 2).slice(1, 1, 7, 2);   // [2, 3], strides [7, 2]
            inner.copy_(grid());
            op.getValue().apply(inner);
            double[] w = Check.values(wide);
            double[] e = Check.values(expected);
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 7; c++) {
                    boolean in = (r == 1 || r == 2) && c % 2 == 1;
                    double want = in ? e[(r - 1) * 3 + c / 2] : 9;
                    assertEquals((float) want, w[r * 7 + c], op.getKey() + " at (" + r + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void aliasedOperandsReadBeforeTheyAreWritten() {
        NDArray x = NDArray.of(new float[][] {{1, 2}, {3, 4}});
        x.add_(x.t());
        exact(x, DType.FLOAT32, new int[] {2, 2}, 2, 5, 5, 8);
        NDArray y = NDArray.of(1f, 2f, 3f, 4f);
        y.mul_(y);
        exact(y, DType.FLOAT32, new int[] {4}, 1, 4, 9, 16);
        NDArray z = NDArray.of(1f, 2f, 3f, 4f);
        z.narrow(0, 1, 3).sub_(z.narrow(0, 0, 3));      // overlapping shifted views
        exact(z, DType.FLOAT32, new int[] {4}, 1, 1, 1, 1);
        NDArray big = NDArray.arange(0.0, 100_000.0, 1.0).view(250, 400);
        NDArray sq = big.narrow(1, 0, 250);
        sq.copy_(sq.t());                               // transpose in place through a copy
        assertEquals(7 * 400, sq.get(0, 7));
        assertEquals(7, sq.get(7, 0));
    }

    @Test
    void largeInPlaceOpsOnTransposedViews() {
        int r = 300;
        int c = 257;
        float[] a = Check.floats(r * c, 1, -2, 2);
        NDArray base = NDArray.fromArray(a.clone(), r, c);
        base.t().mul_(2.0).t().add_(NDArray.ones(c));
        base.t().relu_();
        double[] got = Check.values(base);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Math.max(0f, a[i] * 2f + 1f), got[i], "element " + i);
        }
    }

    @Test
    void broadcastDestinationsAreRefused() {
        NDArray e = NDArray.zeros(3).expand(2, 3);
        String msg = "more than one element of the written-to tensor refers to a single memory location";
        fails(IllegalArgumentException.class, () -> e.add_(1.0), "add_", msg);
        fails(IllegalArgumentException.class, () -> e.mul_(NDArray.ones(2, 3)), "mul_", msg);
        fails(IllegalArgumentException.class, e::exp_, "exp_", msg);
        fails(IllegalArgumentException.class, () -> e.fill_(1.0), "fill_", msg);
        fails(IllegalArgumentException.class, e::zero_, "fill_", msg);
        fails(IllegalArgumentException.class, () -> e.maskedFill_(NDArray.of(true, false, true), 1), "masked_fill_",
                msg);
        fails(IllegalArgumentException.class, () -> e.copy_(NDArray.ones(2, 3)), "copy_", msg);
        fails(IllegalArgumentException.class, () -> e.uniform_(0, 1), "uniform_", msg);
        fails(IllegalArgumentException.class, () -> e.scatter_(1, NDArray.zeros(DType.INT64, 2, 1),
                NDArray.ones(2, 1)), "scatter_", msg);
        exact(e, DType.FLOAT32, new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        // A stride-0 dim of size 1 is harmless.
        NDArray one = NDArray.zeros(3).expand(1, 3);
        exact(one.add_(1.0), DType.FLOAT32, new int[] {1, 3}, 1, 1, 1);
    }

    @Test
    void inPlaceBroadcastsOtherButNeverSelf() {
        NDArray x = NDArray.zeros(2, 3);
        exact(x.add_(NDArray.of(1f, 2f, 3f)), DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, 1, 2, 3);
        exact(x.mul_(NDArray.of(new float[][] {{2}, {3}})), DType.FLOAT32, new int[] {2, 3}, 2, 4, 6, 3, 6, 9);
        fails(IllegalArgumentException.class, () -> NDArray.zeros(3).add_(NDArray.ones(2, 3)), "add_",
                "output with shape [3] doesn't match the broadcast shape [2, 3]");
        fails(IllegalArgumentException.class, () -> NDArray.zeros(2, 1).sub_(NDArray.ones(2, 3)), "sub_", "[2, 1]",
                "[2, 3]");
    }

    @Test
    void zeroDimAndEmptyInPlace() {
        NDArray s = NDArray.scalar(2.0);
        s.mul_(3.0).add_(NDArray.scalar(1.0));
        exact(s, DType.FLOAT32, new int[0], 7);
        NDArray e = NDArray.zeros(0, 3);
        int v0 = e.storage().version();
        e.add_(1.0).exp_().fill_(2.0);
        assertTrue(e.storage().version() > v0);
        NDArray row = NDArray.zeros(3);
        row.add_(NDArray.scalar(5.0));
        exact(row, DType.FLOAT32, new int[] {3}, 5, 5, 5);
    }

    @Test
    void randomFillsOfNonContiguousViewsStayInTheirElements() {
        NDArray base = NDArray.full(new int[] {4, 6}, -1.0);
        NDArray v = base.slice(1, 0, 6, 2).t();     // [3, 4], strided
        v.uniform_(2, 3, new Generator(5));
        double[] b = Check.values(base);
        for (int i = 0; i < b.length; i++) {
            if ((i % 6) % 2 == 0) {
                assertTrue(b[i] >= 2 && b[i] < 3, "filled element " + i + " = " + b[i]);
            } else {
                assertEquals(-1, b[i], "untouched element " + i);
            }
        }
    }
}
