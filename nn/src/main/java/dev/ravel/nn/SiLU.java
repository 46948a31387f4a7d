package dev.ravel.nn;

import dev.ravel.Tensor;

/** x * sigmoid(x) (swish). */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.silu();
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
