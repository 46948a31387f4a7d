package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.functional.Reduction;

/** KL divergence of log-probabilities (input) from a target distribution; "batchmean" is the true KL. */
public class KLDivLoss extends Loss {
    public final boolean logTarget;

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.klDiv(input, target, reduction, logTarget);
    }
}
