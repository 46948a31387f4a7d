package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;

/** Multiplies the lr by gamma every stepSize epochs. */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        require(stepSize > 0, "StepLR: step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] chainedLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = lastEpoch == 0 || lastEpoch % stepSize != 0 ? groupLr(i) : groupLr(i) * gamma;
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = baseLrs[i] * Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
        }
        return r;
    }
}
