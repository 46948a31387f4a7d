package dev.ravel.nn;

import dev.ravel.Tensor;

/** Hyperbolic tangent. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
