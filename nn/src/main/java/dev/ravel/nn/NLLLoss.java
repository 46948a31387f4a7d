package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.functional.Reduction;

/** Negative log-likelihood of log-probabilities against class indices. */
public class NLLLoss extends Loss {
    public final int ignoreIndex;

    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.nllLoss(input, target, buffer("weight"), ignoreIndex, reduction);
    }
}
