package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.functional.Reduction;

/** Mean squared error. */
public class MSELoss extends Loss {
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    public MSELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target, reduction);
    }
}
