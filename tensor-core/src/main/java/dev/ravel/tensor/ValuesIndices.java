package dev.ravel.tensor;

/** What {@code max(dim)}, {@code min(dim)} and max-pooling return: the values and where they came from. */
public record ValuesIndices(NDArray values, NDArray indices) {
}
