package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Binary ops against a double reference with broadcasting done by hand, on every layout pair. */
class ElementwiseBroadcastTest {

    record Op(String name, BinaryOperator<NDArray> call, DoubleBinaryOperator ref, boolean bool, double aLo, double aHi,
              double bLo, double bHi, double rtol) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Op> ops() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("add", NDArray::add, Double::sum, false, -10, 10, -10, 10, 0));
        ops.add(new Op("sub", NDArray::sub, (a, b) -> a - b, false, -10, 10, -10, 10, 0));
        ops.add(new Op("mul", NDArray::mul, (a, b) -> a * b, false, -10, 10, -10, 10, 0));
        ops.add(new Op("div", NDArray::div, (a, b) -> a / b, false, -10, 10, -10, 10, 0));
        ops.add(new Op("floorDivide", NDArray::floorDivide, Ref::floorDiv, false, -10, 10, -10, 10, 0));
        ops.add(new Op("remainder", NDArray::remainder, Ref::remainder, false, -10, 10, -10, 10, 1e-6));
        ops.add(new Op("pow", NDArray::pow, Math::pow, false, 0.1, 5, -3, 3, 1e-6));
        ops.add(new Op("maximum", NDArray::maximum, Math::max, false, -10, 10, -10, 10, 0));
        ops.add(new Op("minimum", NDArray::minimum, Math::min, false, -10, 10, -10, 10, 0));
        ops.add(new Op("eq", NDArray::eq, (a, b) -> a == b ? 1 : 0, true, -2, 2, -2, 2, 0));
        ops.add(new Op("ne", NDArray::ne, (a, b) -> a != b ? 1 : 0, true, -2, 2, -2, 2, 0));
        ops.add(new Op("lt", NDArray::lt, (a, b) -> a < b ? 1 : 0, true, -10, 10, -10, 10, 0));
        ops.add(new Op("le", NDArray::le, (a, b) -> a <= b ? 1 : 0, true, -2, 2, -2, 2, 0));
        ops.add(new Op("gt", NDArray::gt, (a, b) -> a > b ? 1 : 0, true, -10, 10, -10, 10, 0));
        ops.add(new Op("ge", NDArray::ge, (a, b) -> a >= b ? 1 : 0, true, -2, 2, -2, 2, 0));
        ops.add(new Op("logicalAnd", NDArray::logicalAnd, (a, b) -> a != 0 && b != 0 ? 1 : 0, true, -1, 2, -1, 2, 0));
        ops.add(new Op("logicalOr", NDArray::logicalOr, (a, b) -> a != 0 || b != 0 ? 1 : 0, true, -1, 2, -1, 2, 0));
        ops.add(new Op("logicalXor", NDArray::logicalXor, (a, b) -> (a != 0) != (b != 0) ? 1 : 0, true, -1, 2, -1, 2,
                0));
        return ops.stream();
    }

    /** {@code v} of {@code shape} broadcast to {@code out}, row-major, by index arithmetic. */
    static double[] broadcast(double[] v, int[] shape, int[] out) {
        int n = Shapes.numel(out);
        double[] r = new double[n];
        int lead = out.length - shape.length;
        int[] idx = new int[out.length];
        for (int i = 0; i < n; i++) {
            int rem = i;
            for (int d = out.length - 1; d >= 0; d--) {
                idx[d] = rem % out[d];
                rem /= out[d];
            }
            int src = 0;
            for (int d = 0; d < shape.length; d++) {
                int k = shape[d] == 1 ? 0 : idx[d + lead];
                src = src * shape[d] + k;
            }
            r[i] = v[src];
        }
        return r;
    }

    private static double[] expected(Op op, double[] a, int[] as, double[] b, int[] bs, int[] out, DType type) {
        double[] x = broadcast(a, as, out);
        double[] y = broadcast(b, bs, out);
        double[] e = new double[x.length];
        for (int i = 0; i < e.length; i++) {
            double r = op.ref.applyAsDouble(x[i], y[i]);
            e[i] = type == DType.FLOAT32 ? (float) r : r;
        }
        return e;
    }

    private static void check(Op op, NDArray a, double[] av, NDArray b, double[] bv, DType computeType, String ctx) {
        int[] out = Shapes.broadcast("test", a.shape(), b.shape());
        NDArray y = op.call.apply(a, b);
        assertArrayEquals(out, y.shape(), ctx);
        assertEquals(op.bool ? DType.BOOL : computeType, y.dtype(), ctx);
        close(expected(op, av, a.shape(), bv, b.shape(), out, computeType), y, op.rtol, 0, op + " " + ctx);
    }

    /** Whether operands may swap sides (both ranges are valid for either). */
    private static boolean symmetric(Op op) {
        return op.aLo == op.bLo && op.aHi == op.bHi;
    }

    private static void allPairs(Op op, DType dtype, int[] sizes) {
        long seed = op.name.hashCode() + dtype.ordinal();
        for (int n : sizes) {
            for (Layouts.Case c : Layouts.cases(dtype, n, seed + n, op.aLo, op.aHi)) {
                int[] s = c.array().shape();
                double[] bv = Layouts.data(dtype, Shapes.numel(s), seed - n, op.bLo, op.bHi);
                NDArray b = Layouts.array(dtype, bv, s);
                check(op, c.array(), c.values(), b, bv, dtype, c + " op contiguous");
                if (symmetric(op)) {
                    check(op, b, bv, c.array(), c.values(), dtype, "contiguous op " + c);
                }
                // The same case against a broadcast last row and a broadcast column.
                int last = s[s.length - 1];
                double[] rv = Layouts.data(dtype, last, seed + 5, op.bLo, op.bHi);
                check(op, c.array(), c.values(), Layouts.array(dtype, rv, last), rv, dtype, c + " op row[" + last + "]");
                if (s.length == 2) {
                    double[] cv = Layouts.data(dtype, s[0], seed + 6, op.bLo, op.bHi);
                    check(op, c.array(), c.values(), Layouts.array(dtype, cv, s[0], 1), cv, dtype,
                            c + " op column[" + s[0] + ", 1]");
                }
                // A 0-d tensor on either side keeps the dimensioned operand's dtype.
                double[] sv = Layouts.data(dtype, 1, seed + 7, op.bLo, op.bHi);
                check(op, c.array(), c.values(), Layouts.array(dtype, sv), sv, dtype, c + " op 0-d");
            }
            // Outer broadcasting: [n, 1] op [1, 3] and [3] op [n, 1].
            double[] col = Layouts.data(dtype, n, seed + 8, op.aLo, op.aHi);
            double[] row = Layouts.data(dtype, 3, seed + 9, op.bLo, op.bHi);
            check(op, Layouts.array(dtype, col, n, 1), col, Layouts.array(dtype, row, 1, 3), row, dtype, "outer");
            if (symmetric(op)) {
                check(op, Layouts.array(dtype, row, 3), row, Layouts.array(dtype, col, n, 1), col, dtype, "outer reversed");
            }
        }
        for (Layouts.Case e : Layouts.edgeCases(dtype, seed, op.aLo, op.aHi)) {
            double[] one = Layouts.data(dtype, 1, seed + 3, op.bLo, op.bHi);
            check(op, e.array(), e.values(), Layouts.array(dtype, one), one, dtype, e + " op 0-d");
            check(op, e.array(), e.values(), Layouts.array(dtype, one, 1), one, dtype, e + " op [1]");
        }
        check(op, Layouts.array(dtype, new double[0], 2, 0), new double[0], Layouts.array(dtype, new double[0], 0),
                new double[0], dtype, "[2, 0] op [0]");
    }

    @ParameterizedTest
    @MethodSource("ops")
    void float32(Op op) {
        allPairs(op, DType.FLOAT32, Check.ODD_SIZES);
    }

    @ParameterizedTest
    @MethodSource("ops")
    void float64(Op op) {
        allPairs(op, DType.FLOAT64, new int[] {1, 17, 65});
    }

    static Stream<Op> intOps() {
        return Stream.of(
                new Op("add", NDArray::add, Double::sum, false, -1000, 1000, -1000, 1000, 0),
                new Op("sub", NDArray::sub, (a, b) -> a - b, false, -1000, 1000, -1000, 1000, 0),
                new Op("mul", NDArray::mul, (a, b) -> a * b, false, -1000, 1000, -1000, 1000, 0),
                new Op("floorDivide", NDArray::floorDivide, (a, b) -> Math.floorDiv((long) a, (long) b), false, -100,
                        100, 1, 10, 0),
                new Op("remainder", NDArray::remainder, (a, b) -> Math.floorMod((long) a, (long) b), false, -100, 100,
                        1, 10, 0),
                new Op("pow", NDArray::pow, Math::pow, false, -5, 5, 0, 6, 0),
                new Op("maximum", NDArray::maximum, Math::max, false, -10, 10, -10, 10, 0),
                new Op("minimum", NDArray::minimum, Math::min, false, -10, 10, -10, 10, 0),
                new Op("lt", NDArray::lt, (a, b) -> a < b ? 1 : 0, true, -3, 3, -3, 3, 0),
                new Op("eq", NDArray::eq, (a, b) -> a == b ? 1 : 0, true, -3, 3, -3, 3, 0));
    }

    @ParameterizedTest
    @MethodSource("intOps")
    void int64(Op op) {
        allPairs(op, DType.INT64, new int[] {1, 17, 65, 1025});
    }

    @Test
    void scalarsOnEitherSide() {
        NDArray x = NDArray.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).t();   // [3, 2], non-contiguous
        exact(x.add(1.5), DType.FLOAT32, new int[] {3, 2}, 2.5, 5.5, 3.5, 6.5, 4.5, 7.5);
        exact(x.sub(1L), DType.FLOAT32, new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
        exact(x.rsub(10), DType.FLOAT32, new int[] {3, 2}, 9, 6, 8, 5, 7, 4);
        exact(x.rsub(10L), DType.FLOAT32, new int[] {3, 2}, 9, 6, 8, 5, 7, 4);
        exact(x.mul(-2L), DType.FLOAT32, new int[] {3, 2}, -2, -8, -4, -10, -6, -12);
        exact(x.div(4), DType.FLOAT32, new int[] {3, 2}, 0.25, 1, 0.5, 1.25, 0.75, 1.5);
        exact(x.rdiv(1), DType.FLOAT32, new int[] {3, 2}, 1, 0.25f, 0.5, 0.2f, 1 / 3f, 1 / 6f);
        exact(x.pow(2), DType.FLOAT32, new int[] {3, 2}, 1, 16, 4, 25, 9, 36);
        exact(x.pow(0.5), DType.FLOAT32, new int[] {3, 2}, 1, 2, (float) Math.sqrt(2), (float) Math.sqrt(5),
                (float) Math.sqrt(3), (float) Math.sqrt(6));
        exact(x.gt(2.5), DType.BOOL, new int[] {3, 2}, 0, 1, 0, 1, 1, 1);
        exact(x.le(2L), DType.BOOL, new int[] {3, 2}, 1, 0, 1, 0, 0, 0);
        exact(x.eq(3.0), DType.BOOL, new int[] {3, 2}, 0, 0, 0, 0, 1, 0);
        exact(x.ne(3L), DType.BOOL, new int[] {3, 2}, 1, 1, 1, 1, 0, 1);
        exact(x.add(x, 2), DType.FLOAT32, new int[] {3, 2}, 3, 12, 6, 15, 9, 18);
        exact(x.remainder(4L), DType.FLOAT32, new int[] {3, 2}, 1, 0, 2, 1, 3, 2);
        exact(x.floorDivide(2.0), DType.FLOAT32, new int[] {3, 2}, 0, 2, 1, 2, 1, 3);
    }

    @Test
    void nanPropagatesThroughMaximumAndMinimum() {
        NDArray a = NDArray.of(Float.NaN, 1f, 2f);
        NDArray b = NDArray.of(0f, Float.NaN, 3f);
        exact(a.maximum(b), DType.FLOAT32, new int[] {3}, Double.NaN, Double.NaN, 3);
        exact(a.minimum(b), DType.FLOAT32, new int[] {3}, Double.NaN, Double.NaN, 2);
        exact(a.eq(a), DType.BOOL, new int[] {3}, 0, 1, 1);
        exact(a.ne(a), DType.BOOL, new int[] {3}, 1, 0, 0);
    }

    @Test
    void whereBroadcastsAllThree() {
        NDArray cond = NDArray.of(new boolean[][] {{true}, {false}});         // [2, 1]
        NDArray x = NDArray.of(1f, 2f, 3f);                                 // [3]
        NDArray y = NDArray.scalar(-1.0);                                    // 0-d
        exact(NDArray.where(cond, x, y), DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, -1, -1, -1);
        exact(NDArray.where(cond, x, 0.5), DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, 0.5, 0.5, 0.5);
        exact(NDArray.where(cond, 7.0, x), DType.FLOAT32, new int[] {2, 3}, 7, 7, 7, 1, 2, 3);
        NDArray li = NDArray.of(10L, 20L, 30L);
        NDArray mixed = NDArray.where(cond, li, NDArray.of(0.5, 1.5, 2.5));
        exact(mixed, DType.FLOAT64, new int[] {2, 3}, 10, 20, 30, 0.5, 1.5, 2.5);
        NDArray t = NDArray.of(new float[][] {{1, 2}, {3, 4}}).t();
        exact(NDArray.where(t.gt(1.5), t, t.neg()), DType.FLOAT32, new int[] {2, 2}, -1, 3, 2, 4);
        exact(NDArray.where(NDArray.of(true), NDArray.of(1L, 2L), NDArray.of(3L, 4L)), DType.INT64,
                new int[] {2}, 1, 2);
        exact(NDArray.where(NDArray.zeros(DType.BOOL, 0), NDArray.of(1f), NDArray.of(2f)), DType.FLOAT32,
                new int[] {0});
    }

    @Test
    void broadcastShapesFollowNumpyRules() {
        shapeOf(NDArray.zeros(5, 1, 4).add(NDArray.zeros(3, 1)), 5, 3, 4);
        shapeOf(NDArray.zeros(1).add(NDArray.zeros(2, 0)), 2, 0);
        shapeOf(NDArray.zeros(0).add(NDArray.zeros(1)), 0);
        shapeOf(NDArray.zeros(new int[0]).add(NDArray.zeros(2, 3)), 2, 3);
        shapeOf(NDArray.zeros(2, 1, 1).mul(NDArray.zeros(1, 3, 1)).mul(NDArray.zeros(4)), 2, 3, 4);
    }

    private static void shapeOf(NDArray x, int... shape) {
        assertArrayEquals(shape, x.shape());
    }
}
