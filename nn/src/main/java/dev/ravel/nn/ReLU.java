package dev.ravel.nn;

import dev.ravel.Tensor;

/** Rectified linear unit: max(x, 0). */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
