package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;

/** x * tanh(softplus(x)). */
public class Mish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return Functional.mish(input);
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
