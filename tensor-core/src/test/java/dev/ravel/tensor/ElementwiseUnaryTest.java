package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every unary op against a double reference, on every layout and on sizes that hit vector tails. */
class ElementwiseUnaryTest {

    /**
     * One op: how to call it, its reference, an input range, float32 tolerances, and whether
     * integers keep their dtype (else int64 input gives float32).
     */
    record Op(String name, UnaryOperator<NDArray> call, DoubleUnaryOperator ref, double lo, double hi, double rtol,
              double atol, boolean keepsInt) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final double T = 2e-6;   // transcendental float32 tolerance (relative)

    static Stream<Op> ops() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("neg", NDArray::neg, x -> -x, -10, 10, 0, 0, true));
        ops.add(new Op("abs", NDArray::abs, Math::abs, -10, 10, 0, 0, true));
        ops.add(new Op("sign", NDArray::sign, Math::signum, -10, 10, 0, 0, true));
        ops.add(new Op("square", NDArray::square, x -> x * x, -10, 10, 0, 0, true));
        ops.add(new Op("relu", NDArray::relu, x -> x > 0 ? x : 0, -10, 10, 0, 0, true));
        // Float bounds promote int64 to float32 (PyTorch's promotion); long bounds keep int64.
        ops.add(new Op("clamp(-1.5,2.5)", x -> x.clamp(-1.5, 2.5), x -> Math.min(Math.max(x, -1.5), 2.5), -10, 10, 0, 0,
                false));
        ops.add(new Op("clamp(-3,4)", x -> x.clamp(-3, 4), x -> Math.min(Math.max(x, -3), 4), -10, 10, 0, 0, true));
        ops.add(new Op("clampMin(0.5)", x -> x.clampMin(0.5), x -> Math.max(x, 0.5), -10, 10, 0, 0, false));
        ops.add(new Op("clampMax(-2)", x -> x.clampMax(-2), x -> Math.min(x, -2), -10, 10, 0, 0, true));
        ops.add(new Op("floor", NDArray::floor, Math::floor, -10, 10, 0, 0, true));
        ops.add(new Op("ceil", NDArray::ceil, Math::ceil, -10, 10, 0, 0, true));
        ops.add(new Op("round", NDArray::round, Math::rint, -10, 10, 0, 0, true));
        ops.add(new Op("trunc", NDArray::trunc, x -> x < 0 ? Math.ceil(x) : Math.floor(x), -10, 10, 0, 0, true));
        ops.add(new Op("exp", NDArray::exp, Math::exp, -20, 20, T, 0, false));
        ops.add(new Op("log", NDArray::log, Math::log, 0.001, 1000, T, 1e-7, false));
        ops.add(new Op("log1p", NDArray::log1p, Math::log1p, -0.999, 10, T, 0, false));
        ops.add(new Op("expm1", NDArray::expm1, Math::expm1, -5, 5, T, 0, false));
        ops.add(new Op("sqrt", NDArray::sqrt, Math::sqrt, 0, 1000, 0, 0, false));
        ops.add(new Op("rsqrt", NDArray::rsqrt, x -> 1 / Math.sqrt(x), 0.001, 1000, 3e-7, 0, false));
        ops.add(new Op("reciprocal", NDArray::reciprocal, x -> 1 / x, 0.01, 100, 0, 0, false));
        ops.add(new Op("sin", NDArray::sin, Math::sin, -10, 10, T, 1e-7, false));
        ops.add(new Op("cos", NDArray::cos, Math::cos, -10, 10, T, 1e-7, false));
        ops.add(new Op("tanh", NDArray::tanh, Math::tanh, -10, 10, T, 0, false));
        ops.add(new Op("sigmoid", NDArray::sigmoid, Ref::sigmoid, -30, 30, T, 0, false));
        ops.add(new Op("gelu", NDArray::gelu, Ref::gelu, -6, 6, T, 1e-7, false));
        ops.add(new Op("gelu(none)", x -> x.gelu("none"), Ref::gelu, -3, 3, T, 1e-7, false));
        // 1 + tanh(..) cancels for negative x: the absolute error is what float can promise there.
        ops.add(new Op("gelu(tanh)", x -> x.gelu("tanh"), Ref::geluTanh, -6, 6, T, 1e-6, false));
        ops.add(new Op("silu", NDArray::silu, x -> x * Ref.sigmoid(x), -30, 30, T, 1e-7, false));
        ops.add(new Op("softplus", NDArray::softplus, x -> x > 20 ? x : Math.log1p(Math.exp(x)), -30, 30, T, 0, false));
        ops.add(new Op("softplus(2,5)", x -> x.softplus(2, 5), x -> 2 * x > 5 ? x : Math.log1p(Math.exp(2 * x)) / 2, -10,
                10, T, 0, false));
        ops.add(new Op("erf", NDArray::erf, Ref::erf, -4, 4, T, 1e-7, false));
        // A slope that float holds exactly (0.01 reaches a float32 kernel as 0.01f, as in PyTorch).
        ops.add(new Op("leakyRelu(0.125)", x -> x.leakyRelu(0.125), x -> x > 0 ? x : 0.125 * x, -10, 10, 0, 0, false));
        ops.add(new Op("elu(1.5)", x -> x.elu(1.5), x -> x > 0 ? x : 1.5 * Math.expm1(x), -10, 10, T, 0, false));
        return ops.stream();
    }

    private static double[] expected(Op op, double[] in, DType dtype) {
        double[] e = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            double r = op.ref.applyAsDouble(in[i]);
            e[i] = dtype == DType.FLOAT32 ? (float) r : r;
        }
        return e;
    }

    @ParameterizedTest
    @MethodSource("ops")
    void float32OnEveryLayoutAndTail(Op op) {
        long seed = op.name.hashCode();
        List<Layouts.Case> all = new ArrayList<>(Layouts.edgeCases(DType.FLOAT32, seed, op.lo, op.hi));
        for (int n : Check.ODD_SIZES) {
            all.addAll(Layouts.cases(DType.FLOAT32, n, seed + n, op.lo, op.hi));
        }
        for (Layouts.Case c : all) {
            NDArray y = op.call.apply(c.array());
            assertEquals(DType.FLOAT32, y.dtype(), () -> op + " " + c);
            assertArrayEquals(c.array().shape(), y.shape(), () -> op + " " + c);
            close(expected(op, c.values(), DType.FLOAT32), y, op.rtol, op.atol, op + " on " + c);
        }
    }

    @ParameterizedTest
    @MethodSource("ops")
    void float64OnEveryLayout(Op op) {
        long seed = op.name.hashCode() + 7;
        List<Layouts.Case> all = new ArrayList<>(Layouts.edgeCases(DType.FLOAT64, seed, op.lo, op.hi));
        for (int n : new int[] {1, 17, 1025}) {
            all.addAll(Layouts.cases(DType.FLOAT64, n, seed + n, op.lo, op.hi));
        }
        for (Layouts.Case c : all) {
            NDArray y = op.call.apply(c.array());
            assertEquals(DType.FLOAT64, y.dtype(), () -> op + " " + c);
            // atol: gelu's 1 + erf(x / sqrt 2) cancels in the negative tail, in any double implementation.
            close(expected(op, c.values(), DType.FLOAT64), y, 1e-12, 1e-13, op + " on " + c);
        }
    }

    @ParameterizedTest
    @MethodSource("ops")
    void int64KeepsItsDtypeOrPromotesToFloat32(Op op) {
        // Integer inputs within the op's domain.
        double lo = Math.max(op.lo, -1000);
        double hi = Math.max(op.hi, lo + 2);
        if (op.lo > 0) {
            lo = Math.max(1, lo);
        }
        long seed = op.name.hashCode() + 11;
        for (Layouts.Case c : Layouts.cases(DType.INT64, 33, seed, lo, hi)) {
            NDArray y = op.call.apply(c.array());
            DType expectedType = op.keepsInt ? DType.INT64 : DType.FLOAT32;
            assertEquals(expectedType, y.dtype(), () -> op + " " + c);
            close(expected(op, c.values(), expectedType == DType.INT64 ? DType.FLOAT64 : DType.FLOAT32), y,
                    op.rtol, op.atol, op + " on " + c);
        }
    }

    @Test
    void specialValuesFollowTorch() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        NDArray x = NDArray.of(nan, inf, -inf, -0f, 0f, -1f);
        exact(x.relu(), DType.FLOAT32, new int[] {6}, nan, inf, 0, 0, 0, 0);
        exact(x.abs(), DType.FLOAT32, new int[] {6}, nan, inf, inf, 0, 0, 1);
        exact(x.sign(), DType.FLOAT32, new int[] {6}, 0, 1, -1, 0, 0, -1);
        exact(x.sigmoid(), DType.FLOAT32, new int[] {6}, nan, 1, 0, 0.5, 0.5, Ref.sigmoid(-1) == 0 ? 0 : (float) Ref.sigmoid(-1));
        exact(x.tanh(), DType.FLOAT32, new int[] {6}, nan, 1, -1, 0, 0, (float) Math.tanh(-1));
        exact(x.exp(), DType.FLOAT32, new int[] {6}, nan, inf, 0, 1, 1, (float) Math.exp(-1));
        exact(x.log(), DType.FLOAT32, new int[] {6}, nan, inf, nan, -inf, -inf, nan);
        exact(x.sqrt(), DType.FLOAT32, new int[] {6}, nan, inf, nan, 0, 0, nan);
        exact(x.clamp(-2, 2), DType.FLOAT32, new int[] {6}, nan, 2, -2, 0, 0, -1);
        exact(NDArray.of(nan, inf, -0f, 0f, -1f).gelu(), DType.FLOAT32, new int[] {5}, nan, inf, 0, 0,
                (float) Ref.gelu(-1));
        exact(x.leakyRelu(0.1), DType.FLOAT32, new int[] {6}, nan, inf, -inf, 0, 0, -0.1f);
        // Same on a long run, so the vector loops see the special values too.
        int n = 67;
        float[] big = new float[n];
        for (int i = 0; i < n; i++) {
            big[i] = i % 3 == 0 ? nan : i % 3 == 1 ? inf : -inf;
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i % 3 == 0 ? nan : i % 3 == 1 ? inf : 0;
        }
        exact(NDArray.of(big).relu(), DType.FLOAT32, new int[] {n}, expected);
        for (int i = 0; i < n; i++) {
            expected[i] = i % 3 == 0 ? nan : i % 3 == 1 ? 1 : 0;
        }
        exact(NDArray.of(big).sigmoid(), DType.FLOAT32, new int[] {n}, expected);
        for (int i = 0; i < n; i++) {
            expected[i] = i % 3 == 0 ? nan : i % 3 == 1 ? 1 : -1;
        }
        exact(NDArray.of(big).tanh(), DType.FLOAT32, new int[] {n}, expected);
        exact(NDArray.of(big).clamp(-1, 1), DType.FLOAT32, new int[] {n}, expected);
    }

    @Test
    void roundIsHalfToEven() {
        NDArray x = NDArray.of(-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f);
        exact(x.round(), DType.FLOAT32, new int[] {7}, -2, -2, 0, 0, 2, 2, 4);
        exact(x.trunc(), DType.FLOAT32, new int[] {7}, -2, -1, 0, 0, 1, 2, 3);
    }

    @Test
    void predicatesReturnBool() {
        NDArray x = NDArray.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -3.0);
        exact(x.isnan(), DType.BOOL, new int[] {5}, 1, 0, 0, 0, 0);
        exact(x.isinf(), DType.BOOL, new int[] {5}, 0, 1, 1, 0, 0);
        exact(x.isfinite(), DType.BOOL, new int[] {5}, 0, 0, 0, 1, 1);
        exact(x.to(DType.FLOAT32).t().isnan(), DType.BOOL, new int[] {5}, 1, 0, 0, 0, 0);
        NDArray i = NDArray.of(new long[][] {{1, 2}, {3, 4}});
        exact(i.isnan(), DType.BOOL, new int[] {2, 2}, 0, 0, 0, 0);
        exact(i.isinf(), DType.BOOL, new int[] {2, 2}, 0, 0, 0, 0);
        exact(i.isfinite(), DType.BOOL, new int[] {2, 2}, 1, 1, 1, 1);
        exact(NDArray.scalar(Double.NaN, DType.FLOAT64).isnan(), DType.BOOL, new int[0], 1);
        exact(NDArray.zeros(0, 2).isnan(), DType.BOOL, new int[] {0, 2});
    }

    @Test
    void boolInputsPromoteForFloatOps() {
        NDArray b = NDArray.of(true, false);
        exact(b.exp(), DType.FLOAT32, new int[] {2}, (float) Math.E, 1);
        exact(b.sqrt(), DType.FLOAT32, new int[] {2}, 1, 0);
        Check.fails(IllegalArgumentException.class, b::neg, "neg", "torch.bool");
        Check.fails(IllegalArgumentException.class, b::abs, "abs", "torch.bool");
    }

    @Test
    void int64ExtremesStayExact() {
        long big = (1L << 60) + 3;
        NDArray x = NDArray.of(big, -big, Long.MAX_VALUE);
        assertArrayEquals(new long[] {-big, big, -Long.MAX_VALUE}, Check.longs(x.neg()));
        assertArrayEquals(new long[] {big, big, Long.MAX_VALUE}, Check.longs(x.abs()));
        assertArrayEquals(new long[] {big, 0, Long.MAX_VALUE}, Check.longs(x.relu()));
        assertArrayEquals(new long[] {10, -10, 10}, Check.longs(x.clamp(-10, 10)));
    }
}
