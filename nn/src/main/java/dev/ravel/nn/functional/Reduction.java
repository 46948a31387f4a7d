package dev.ravel.nn.functional;

/** How a loss reduces its per-element values: PyTorch's "none", "mean", "sum" (and KL's "batchmean"). */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    public static Reduction of(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "batchmean" -> BATCHMEAN;
            default -> throw new IllegalArgumentException(name + " is not a valid value for reduction");
        };
    }

    public String pyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
