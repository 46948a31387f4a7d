package dev.ravel.tensor;

/**
 * Element types, with PyTorch's names for what they hold and PyTorch's promotion rules.
 *
 * <p>The order of the constants is the promotion lattice for these four types:
 * {@code BOOL < INT64 < FLOAT32 < FLOAT64}.
 */
public enum DType {
    BOOL(1, "torch.bool"),
    INT64(8, "torch.int64"),
    FLOAT32(4, "torch.float32"),
    FLOAT64(8, "torch.float64");

    private final int itemSize;
    private final String torchName;

    DType(int itemSize, String torchName) {
        this.itemSize = itemSize;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public boolean isIntegral() {
        return this == INT64;
    }

    /** The default floating type, like {@code torch.get_default_dtype()}. */
    public static DType defaultFloat() {
        return FLOAT32;
    }

    /** The smallest type both can be represented in ({@code torch.promote_types}). */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** 0 for bool, 1 for integers, 2 for floats: PyTorch's type categories. */
    int category() {
        return switch (this) {
            case BOOL -> 0;
            case INT64 -> 1;
            case FLOAT32, FLOAT64 -> 2;
        };
    }

    /** PyTorch's spelling, for messages and printing. */
    public String torchName() {
        return torchName;
    }
}
