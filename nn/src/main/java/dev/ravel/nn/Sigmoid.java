package dev.ravel.nn;

import dev.ravel.Tensor;

/** Logistic sigmoid. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
