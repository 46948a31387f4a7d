package dev.ravel.tensor;

/**
 * PyTorch's result-type rule: operands fall into three groups of falling priority (tensors with
 * dims, 0-d tensors, wrapped Java numbers), and a lower group only matters when it brings a higher
 * category (bool < integer < float). So {@code float32 tensor * 2.5} stays float32, while
 * {@code int64 tensor * 2.5} becomes the default float.
 */
final class TypePromotion {
    private TypePromotion() {
    }

    static DType resultType(NDArray... operands) {
        DType dims = null;
        DType zeroDim = null;
        DType wrapped = null;
        for (NDArray t : operands) {
            DType d = t.dtype();
            if (t.isWrappedNumber()) {
                wrapped = promote(wrapped, d.isFloatingPoint() ? DType.defaultFloat() : d);
            } else if (t.dim() == 0) {
                zeroDim = promote(zeroDim, d);
            } else {
                dims = promote(dims, d);
            }
        }
        DType r = combine(dims, combine(zeroDim, wrapped));
        return r == null ? DType.defaultFloat() : r;
    }

    private static DType promote(DType a, DType b) {
        return a == null ? b : DType.promote(a, b);
    }

    private static DType combine(DType higher, DType lower) {
        if (higher == null) {
            return lower;
        }
        if (lower == null || higher.isFloatingPoint()) {
            return higher;
        }
        if (higher == DType.BOOL || lower.isFloatingPoint()) {
            return DType.promote(higher, lower);
        }
        return higher;
    }

    /** Whether a result of type {@code from} may be written into a tensor of type {@code to} (in-place ops). */
    static boolean canCast(DType from, DType to) {
        return from.category() <= to.category();
    }
}
