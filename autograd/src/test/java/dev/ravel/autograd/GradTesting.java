package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.function.Function;

/**
 * Inputs for gradient checks: float64 leaves from a fixed seed, contiguous or not, and a helper
 * that runs both the first- and the second-order check.
 */
final class GradTesting {
    private GradTesting() {
    }

    /** A contiguous float64 leaf of standard normals that requires grad. */
    static Tensor randn(long seed, int... shape) {
        return Tensor.of(NDArray.randn(shape, DType.FLOAT64, new Generator(seed))).requiresGrad_();
    }

    /** A float64 leaf of uniforms in [lo, hi) that requires grad. */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        NDArray u = NDArray.rand(shape, DType.FLOAT64, new Generator(seed)).mul(hi - lo).add(lo);
        return Tensor.of(u).requiresGrad_();
    }

    /**
     * A non-contiguous float64 leaf of the given shape (rank >= 2): the transpose of a contiguous
     * array with its last two dims swapped.
     */
    static Tensor transposed(long seed, int... shape) {
        return Tensor.of(transposedArray(NDArray.randn(swapLast(shape), DType.FLOAT64, new Generator(seed))))
                .requiresGrad_();
    }

    /** As {@link #transposed} with uniforms in [lo, hi). */
    static Tensor transposedUniform(long seed, double lo, double hi, int... shape) {
        NDArray u = NDArray.rand(swapLast(shape), DType.FLOAT64, new Generator(seed)).mul(hi - lo).add(lo);
        return Tensor.of(transposedArray(u)).requiresGrad_();
    }

    private static int[] swapLast(int[] shape) {
        int[] s = shape.clone();
        int n = s.length;
        int t = s[n - 1];
        s[n - 1] = s[n - 2];
        s[n - 2] = t;
        return s;
    }

    private static NDArray transposedArray(NDArray a) {
        NDArray t = a.transpose(-2, -1);
        if (t.isContiguous()) {
            throw new IllegalStateException("expected a non-contiguous array");
        }
        return t;
    }

    /** An int64 index tensor. */
    static Tensor longs(int[] shape, long... values) {
        return Tensor.of(NDArray.fromArray(values, shape));
    }

    static Tensor longs(long... values) {
        return Tensor.of(NDArray.of(values));
    }

    /** A bool mask. */
    static Tensor mask(int[] shape, boolean... values) {
        return Tensor.of(NDArray.fromArray(values, shape));
    }

    /** gradcheck and gradgradcheck. */
    static void checkBoth(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Gradcheck.check(fn, inputs);
        Gradcheck.gradgradcheck(fn, inputs);
    }
}
