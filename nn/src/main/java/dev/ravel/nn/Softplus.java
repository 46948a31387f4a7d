package dev.ravel.nn;

import dev.ravel.Tensor;

/** log(1 + exp(beta x)) / beta, linear above threshold (defaults 1, 20). */
public class Softplus extends Module {
    public final double beta;
    public final double threshold;

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    public Softplus() {
        this(1.0, 20.0);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softplus(beta, threshold);
    }

    @Override
    public String extraRepr() {
        return "beta=" + PyRepr.number(beta) + ", threshold=" + PyRepr.number(threshold);
    }
}
