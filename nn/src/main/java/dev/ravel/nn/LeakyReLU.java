package dev.ravel.nn;

import dev.ravel.Tensor;

/** x where x > 0, else negativeSlope * x (default 0.01). */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    public LeakyReLU() {
        this(0.01);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + PyRepr.number(negativeSlope);
    }
}
