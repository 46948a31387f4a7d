package dev.ravel.autograd;

import dev.ravel.Tensor;

/**
 * The backward formula of a single-output op, written in Tensor ops (so that it can itself be
 * differentiated when {@code createGraph} is set). It receives the output gradient and the tensors
 * the op saved, unpacked and version-checked, and returns one gradient per input (null for none).
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor grad, Tensor[] saved);
}
