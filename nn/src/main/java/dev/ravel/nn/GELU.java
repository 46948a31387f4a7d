package dev.ravel.nn;

import dev.ravel.Tensor;

/** Gaussian error linear unit; approximate "none" (exact) or "tanh". */
public class GELU extends Module {
    public final String approximate;

    public GELU(String approximate) {
        this.approximate = approximate;
    }

    public GELU() {
        this("none");
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.gelu(approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
