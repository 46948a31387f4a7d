package dev.ravel.nn;

import dev.ravel.Tensor;

/** x where x > 0, else alpha * (exp(x) - 1) (default alpha 1). */
public class ELU extends Module {
    public final double alpha;

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    public ELU() {
        this(1.0);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.elu(alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + PyRepr.number(alpha);
    }
}
