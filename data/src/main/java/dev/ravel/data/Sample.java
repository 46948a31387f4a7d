package dev.ravel.data;

import dev.ravel.Tensor;

/** An input and its target: one example, or (after collation) a batch of them. */
public record Sample(Tensor input, Tensor target) {
}
