package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's result-type rules: dimensioned tensors outrank 0-d tensors, which outrank Java
 * numbers; a lower group only counts when it brings a higher category (bool < int < float).
 */
class TypePromotionTest {
    private static final NDArray F32 = NDArray.of(1f, 2f);
    private static final NDArray F64 = NDArray.of(1.0, 2.0);
    private static final NDArray I64 = NDArray.of(1L, 2L);
    private static final NDArray BOOL = NDArray.of(true, false);

    private static NDArray zeroDim(DType t) {
        return NDArray.scalar(1, t);
    }

    @Test
    void promoteTypesIsTheLattice() {
        assertEquals(DType.INT64, DType.promote(DType.BOOL, DType.INT64));
        assertEquals(DType.FLOAT32, DType.promote(DType.INT64, DType.FLOAT32));
        assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT64, DType.FLOAT32));
        assertEquals(DType.BOOL, DType.promote(DType.BOOL, DType.BOOL));
        for (DType a : DType.values()) {
            for (DType b : DType.values()) {
                assertEquals(DType.promote(a, b), DType.promote(b, a));
            }
        }
    }

    @Test
    void dimensionedTensorsPromoteTogether() {
        assertEquals(DType.FLOAT64, F32.add(F64).dtype());
        assertEquals(DType.FLOAT32, I64.add(F32).dtype());
        assertEquals(DType.FLOAT64, F64.mul(I64).dtype());
        assertEquals(DType.INT64, I64.add(BOOL).dtype());
        assertEquals(DType.FLOAT32, BOOL.mul(F32).dtype());
        assertEquals(DType.FLOAT64, F32.maximum(F64).dtype());
    }

    @Test
    void zeroDimTensorsOnlyCountWhenTheyBringAHigherCategory() {
        assertEquals(DType.FLOAT32, F32.add(zeroDim(DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT32, zeroDim(DType.FLOAT64).add(F32).dtype());
        assertEquals(DType.FLOAT64, I64.add(zeroDim(DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT32, I64.add(zeroDim(DType.FLOAT32)).dtype());
        assertEquals(DType.INT64, I64.add(zeroDim(DType.BOOL)).dtype());
        assertEquals(DType.INT64, BOOL.add(zeroDim(DType.INT64)).dtype());
        assertEquals(DType.FLOAT64, BOOL.add(zeroDim(DType.FLOAT64)).dtype());
        // Between 0-d tensors the ordinary lattice applies.
        assertEquals(DType.FLOAT64, zeroDim(DType.FLOAT32).add(zeroDim(DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT32, zeroDim(DType.INT64).add(zeroDim(DType.FLOAT32)).dtype());
    }

    @Test
    void javaNumbersHaveTheLowestPriority() {
        assertEquals(DType.FLOAT32, F32.add(2.5).dtype());
        assertEquals(DType.FLOAT64, F64.add(2.5).dtype());
        assertEquals(DType.FLOAT32, F32.add(2L).dtype());
        assertEquals(DType.INT64, I64.add(2L).dtype());
        assertEquals(DType.FLOAT32, I64.add(2.5).dtype(), "int64 tensor * 2.5 is the default float");
        assertEquals(DType.FLOAT32, I64.mul(2.0).dtype(), "a whole double is still a float number");
        assertEquals(DType.INT64, BOOL.add(1L).dtype());
        assertEquals(DType.FLOAT32, BOOL.add(1.5).dtype());
        assertEquals(DType.FLOAT64, zeroDim(DType.FLOAT64).add(2.5).dtype());
        assertEquals(DType.FLOAT32, zeroDim(DType.INT64).add(2.5).dtype());
        assertEquals(DType.INT64, zeroDim(DType.INT64).add(2L).dtype());
        // Values: computed in the result type.
        exact(I64.mul(2.5), DType.FLOAT32, new int[] {2}, 2.5, 5);
        exact(BOOL.add(1L), DType.INT64, new int[] {2}, 2, 1);
        exact(I64.rsub(0.5), DType.FLOAT32, new int[] {2}, -0.5, -1.5);
    }

    @Test
    void boolArithmetic() {
        NDArray a = NDArray.of(true, true, false, false);
        NDArray b = NDArray.of(true, false, true, false);
        exact(a.add(b), DType.BOOL, new int[] {4}, 1, 1, 1, 0);
        exact(a.mul(b), DType.BOOL, new int[] {4}, 1, 0, 0, 0);
        exact(a.maximum(b), DType.BOOL, new int[] {4}, 1, 1, 1, 0);
        exact(a.minimum(b), DType.BOOL, new int[] {4}, 1, 0, 0, 0);
        exact(a.div(b), DType.FLOAT32, new int[] {4}, 1, Double.POSITIVE_INFINITY, 0, Double.NaN);
        exact(a.logicalXor(b), DType.BOOL, new int[] {4}, 0, 1, 1, 0);
        exact(a.add(NDArray.of(2L, 2L, 2L, 2L)), DType.INT64, new int[] {4}, 3, 3, 2, 2);
        exact(a.sum(), DType.INT64, new int[0], 2);
        exact(a.to(DType.INT64).add(a), DType.INT64, new int[] {4}, 2, 2, 0, 0);
        fails(IllegalArgumentException.class, () -> a.sub(b), "sub", "two bool tensors", "logical_xor");
        // Any bool operand: PyTorch points at a mask inversion instead.
        fails(IllegalArgumentException.class, () -> a.sub(1L), "sub", "bool tensor", "logical_not");
        fails(IllegalArgumentException.class, () -> a.rsub(1L), "sub", "bool tensor", "logical_not");
        fails(IllegalArgumentException.class, () -> F32.sub(BOOL), "sub", "bool tensor");
        fails(IllegalArgumentException.class, () -> F32.clone().sub_(BOOL), "sub", "bool tensor");
    }

    @Test
    void integerTrueDivisionGivesTheDefaultFloat() {
        NDArray x = NDArray.of(7L, -7L, 1L, 0L, -1L);
        NDArray d = x.div(NDArray.of(2L, 2L, 0L, 0L, 0L));
        exact(d, DType.FLOAT32, new int[] {5}, 3.5, -3.5, Double.POSITIVE_INFINITY, Double.NaN,
                Double.NEGATIVE_INFINITY);
        exact(x.div(2L), DType.FLOAT32, new int[] {5}, 3.5, -3.5, 0.5, 0, -0.5);
        exact(x.div(zeroDim(DType.FLOAT64).mul(4L)), DType.FLOAT64, new int[] {5}, 1.75, -1.75, 0.25, 0, -0.25);
        exact(x.rdiv(1), DType.FLOAT32, new int[] {5}, 1 / 7f, -1 / 7f, 1, Double.POSITIVE_INFINITY, -1);
    }

    @Test
    void comparisonsPromoteBeforeComparing() {
        NDArray i = NDArray.of(1L, 2L, 3L);
        exact(i.lt(2.5), DType.BOOL, new int[] {3}, 1, 1, 0);
        exact(i.eq(NDArray.of(1f, 2.5f, 3f)), DType.BOOL, new int[] {3}, 1, 0, 1);
        exact(i.ge(zeroDim(DType.FLOAT64).mul(2.5)), DType.BOOL, new int[] {3}, 0, 0, 1);
        long big = (1L << 53) + 1;
        // NDArray.of(long) is 0-d, like torch.tensor(5); compared as int64, exactly.
        exact(NDArray.of(big).eq(big - 1), DType.BOOL, new int[0], 0);
        assertArrayEquals(new long[] {big + 1}, Check.longs(NDArray.of(big).add(1L)));
        assertArrayEquals(new long[] {big + big}, Check.longs(NDArray.of(big).add(NDArray.of(big))));
    }

    @Test
    void whereAndCatPromoteTheirOperands() {
        NDArray cond = NDArray.of(true, false);
        assertEquals(DType.FLOAT32, NDArray.where(cond, I64, F32).dtype());
        assertEquals(DType.FLOAT64, NDArray.where(cond, F32, F64).dtype());
        assertEquals(DType.FLOAT32, NDArray.where(cond, I64, 3.0).dtype(), "a float number with int64 is the default float");
        assertEquals(DType.FLOAT32, NDArray.where(cond, F32, 3.0).dtype());
        NDArray c = NDArray.cat(List.of(I64, F32, BOOL), 0);
        exact(c, DType.FLOAT32, new int[] {6}, 1, 2, 1, 2, 1, 0);
    }

    @Test
    void inPlaceOpsCannotNarrowTheCategory() {
        NDArray i = NDArray.of(1L, 2L);
        fails(IllegalArgumentException.class, () -> i.add_(2.5), "add_", "result type", "float32",
                "can't be cast to the desired output type", "int64");
        fails(IllegalArgumentException.class, () -> i.div_(NDArray.of(2L, 2L)), "div_", "float32",
                "can't be cast to the desired output type", "int64");
        fails(IllegalArgumentException.class, () -> i.mul_(F32), "mul_", "float32", "int64");
        fails(IllegalArgumentException.class, () -> i.exp_(), "exp_", "float32", "int64");
        fails(IllegalArgumentException.class, () -> i.sqrt_(), "sqrt_", "float32", "int64");
        NDArray b = NDArray.of(true, false);
        fails(IllegalArgumentException.class, () -> b.add_(NDArray.of(1L, 1L)), "add_", "int64",
                "can't be cast to the desired output type", "bool");
        fails(IllegalArgumentException.class, () -> b.mul_(2.0), "mul_", "float32", "bool");
        exact(i, DType.INT64, new int[] {2}, 1, 2);   // failed ops leave the array alone
        exact(b, DType.BOOL, new int[] {2}, 1, 0);
    }

    @Test
    void inPlaceOpsMayWidenWithinACategoryOrDown() {
        NDArray f = NDArray.of(1f, 2f);
        exact(f.add_(NDArray.of(0.5, 0.25)), DType.FLOAT32, new int[] {2}, 1.5, 2.25);
        exact(f.mul_(NDArray.of(2L, 4L)), DType.FLOAT32, new int[] {2}, 3, 9);
        exact(f.add_(1L), DType.FLOAT32, new int[] {2}, 4, 10);
        exact(f.add_(NDArray.of(true, false)), DType.FLOAT32, new int[] {2}, 5, 10);
        NDArray i = NDArray.of(5L, 6L);
        exact(i.add_(NDArray.of(true, false)), DType.INT64, new int[] {2}, 6, 6);
        exact(i.mul_(3L), DType.INT64, new int[] {2}, 18, 18);
        exact(i.relu_(), DType.INT64, new int[] {2}, 18, 18);
        NDArray b = NDArray.of(true, false, false);
        exact(b.add_(NDArray.of(false, true, false)), DType.BOOL, new int[] {3}, 1, 1, 0);
        NDArray d = NDArray.of(1.0, 2.0);
        exact(d.div_(4.0), DType.FLOAT64, new int[] {2}, 0.25, 0.5);
        exact(d.maximum_(NDArray.of(0.3f)), DType.FLOAT64, new int[] {2}, (double) 0.3f, 0.5);
    }

    @Test
    void factoriesPickTorchsDefaults() {
        assertEquals(DType.FLOAT32, NDArray.full(new int[] {2}, 0.5).dtype());
        assertEquals(DType.INT64, NDArray.full(new int[] {2}, 7L).dtype());
        assertEquals(DType.BOOL, NDArray.full(new int[] {2}, true).dtype());
        assertEquals(DType.INT64, NDArray.arange(5).dtype());
        assertEquals(DType.FLOAT32, NDArray.arange(0.0, 1.0, 0.25).dtype());
        assertEquals(DType.FLOAT32, NDArray.scalar(1.5).dtype());
        assertEquals(DType.INT64, NDArray.scalar(3L).dtype());
        assertEquals(DType.BOOL, NDArray.scalar(true).dtype());
        assertEquals(DType.INT64, NDArray.of(new int[] {1, 2}).dtype());
        assertEquals(DType.FLOAT64, NDArray.of(new double[][] {{1}}).dtype());
        assertEquals(DType.FLOAT32, NDArray.zeros(2).dtype());
    }
}
