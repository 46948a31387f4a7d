package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;

/** Cosine annealing from the base lr to etaMin over tMax epochs (then back up, periodically, as PyTorch's). */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        require(tMax > 0, "CosineAnnealingLR: T_max must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double[] chainedLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            double lr = groupLr(i);
            if (lastEpoch == 0) {
                r[i] = lr;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                r[i] = lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                r[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        }
        return r;
    }
}
