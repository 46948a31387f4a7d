package dev.ravel.autograd;

import dev.ravel.Tensor;

/** The backward formula of a multi-output op: one gradient per output in (zeros where none), one per input out. */
@FunctionalInterface
public interface MultiBackward {
    Tensor[] apply(Tensor[] grads, Tensor[] saved);
}
