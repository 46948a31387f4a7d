package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;

/** Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); the identity in eval. */
public class Dropout extends Module {
    public final double p;

    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    public Dropout() {
        this(0.5);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.dropout(input, p, isTraining());
    }

    @Override
    public String extraRepr() {
        return "p=" + PyRepr.number(p) + ", inplace=False";
    }
}
