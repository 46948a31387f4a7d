package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;

import org.junit.jupiter.api.Test;

/** floor_divide, remainder, true division and integer pow: Python's semantics, negative operands, zero divisors. */
class DivisionSemanticsTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    @Test
    void integerFloorDivideRoundsTowardNegativeInfinity() {
        NDArray a = NDArray.of(7L, -7L, 7L, -7L, 0L, 6L, -6L);
        NDArray b = NDArray.of(2L, 2L, -2L, -2L, 3L, 3L, 3L);
        exact(a.floorDivide(b), DType.INT64, new int[] {7}, 3, -4, -4, 3, 0, 2, -2);
        exact(a.floorDivide(-3L), DType.INT64, new int[] {7}, -3, 2, -3, 2, 0, -2, 2);
    }

    @Test
    void integerRemainderTakesTheDivisorsSign() {
        NDArray a = NDArray.of(7L, -7L, 7L, -7L, 0L, 6L, -6L);
        NDArray b = NDArray.of(2L, 2L, -2L, -2L, 3L, 3L, 3L);
        exact(a.remainder(b), DType.INT64, new int[] {7}, 1, 1, -1, -1, 0, 0, 0);
        exact(a.remainder(-3L), DType.INT64, new int[] {7}, -2, -1, -2, -1, 0, 0, 0);
        // a == b * (a // b) + a % b for every pair.
        long[] xs = {-9, -5, -1, 0, 1, 4, 9};
        long[] ys = {-4, -3, -1, 1, 2, 5};
        for (long x : xs) {
            for (long y : ys) {
                long q = NDArray.of(x).floorDivide(y).itemLong();
                long r = NDArray.of(x).remainder(y).itemLong();
                org.junit.jupiter.api.Assertions.assertEquals(x, y * q + r, x + " // " + y);
            }
        }
    }

    @Test
    void integerDivisionByZeroFailsNamingTheOp() {
        NDArray a = NDArray.of(1L, 2L, 3L);
        NDArray z = NDArray.of(1L, 0L, 1L);
        fails(ArithmeticException.class, () -> a.floorDivide(z), "floor_divide", "ZeroDivisionError");
        fails(ArithmeticException.class, () -> a.remainder(0L), "remainder", "ZeroDivisionError");
        // A long run goes through the parallel path: the error still surfaces.
        NDArray big = NDArray.ones(DType.INT64, 100_000);
        NDArray zeros = NDArray.zeros(DType.INT64, 100_000);
        fails(ArithmeticException.class, () -> big.floorDivide(zeros), "floor_divide", "ZeroDivisionError");
    }

    @Test
    void floatFloorDivideAndRemainder() {
        NDArray a = NDArray.of(-7.5f, 7.5f, -7.5f, 7.5f, 5f, -0f);
        NDArray b = NDArray.of(2f, 2f, -2f, -2f, 2.5f, 3f);
        exact(a.floorDivide(b), DType.FLOAT32, new int[] {6}, -4, 3, 3, -4, 2, -0.0);
        exact(a.remainder(b), DType.FLOAT32, new int[] {6}, 0.5, 1.5, -1.5, -0.5, 0, 0);
        NDArray zero = NDArray.of(1f, -1f, 0f);
        exact(zero.floorDivide(0.0), DType.FLOAT32, new int[] {3}, INF, -INF, NAN);
        exact(zero.remainder(0.0), DType.FLOAT32, new int[] {3}, NAN, NAN, NAN);
        exact(zero.div(0.0), DType.FLOAT32, new int[] {3}, INF, -INF, NAN);
    }

    @Test
    void float64FloorDivideIsExactLikePython() {
        // 1.0 / 0.1 rounds to exactly 10.0 in double, but the exact quotient is 9.99...: Python says 9.
        NDArray a = NDArray.of(1.0, -1.0, 0.3);
        NDArray b = NDArray.of(0.1, 0.1, 0.1);
        exact(a.floorDivide(b), DType.FLOAT64, new int[] {3}, 9, -10, 2);
        exact(a.remainder(b), DType.FLOAT64, new int[] {3}, Ref.remainder(1.0, 0.1), Ref.remainder(-1.0, 0.1),
                Ref.remainder(0.3, 0.1));
    }

    @Test
    void mixedIntAndFloatDivisionPromotes() {
        NDArray i = NDArray.of(7L, -7L);
        exact(i.floorDivide(2.5), DType.FLOAT32, new int[] {2}, 2, -3);
        exact(i.remainder(2.5), DType.FLOAT32, new int[] {2}, 2, 0.5);
        exact(i.floorDivide(NDArray.of(2.0, 2.0)), DType.FLOAT64, new int[] {2}, 3, -4);
    }

    @Test
    void integerPow() {
        NDArray base = NDArray.of(2L, -3L, 0L, 1L, -1L);
        exact(base.pow(3L), DType.INT64, new int[] {5}, 8, -27, 0, 1, -1);
        exact(base.pow(0L), DType.INT64, new int[] {5}, 1, 1, 1, 1, 1);
        exact(NDArray.of(1L, -1L, -1L).pow(NDArray.of(-2L, -1L, -2L)), DType.INT64, new int[] {3}, 1, -1, 1);
        exact(base.pow(0.5), DType.FLOAT32, new int[] {5}, (float) Math.sqrt(2), NAN, 0, 1, NAN);
        fails(ArithmeticException.class, () -> NDArray.of(2L, 3L).pow(-1L), "pow", "negative");
        // 3^39 < 2^63: exact in int64 (a double would round it).
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {4052555153018976267L},
                Check.longs(NDArray.of(3L, 3L).pow(39L).narrow(0, 0, 1)));
    }
}
