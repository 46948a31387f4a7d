package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;

/** Scales the lr linearly from startFactor to endFactor over totalIters steps (warm-up). */
public class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        require(startFactor > 0 && startFactor <= 1, "LinearLR: starting multiplicative factor expected to be greater"
                + " than 0 and less or equal to 1, got " + startFactor);
        require(endFactor >= 0 && endFactor <= 1, "LinearLR: ending multiplicative factor expected to be between 0 and"
                + " 1, got " + endFactor);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    @Override
    protected double[] chainedLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            double lr = groupLr(i);
            if (lastEpoch == 0) {
                r[i] = lr * startFactor;
            } else if (lastEpoch > totalIters) {
                r[i] = lr;
            } else {
                r[i] = lr * (1.0 + (endFactor - startFactor)
                        / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
            }
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = baseLrs[i] * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
        }
        return r;
    }
}
