package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;

/** Multiplies the lr by gamma every epoch. */
public class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] chainedLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = lastEpoch == 0 ? groupLr(i) : groupLr(i) * gamma;
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = baseLrs[i] * Math.pow(gamma, lastEpoch);
        }
        return r;
    }
}
