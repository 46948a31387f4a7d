package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;
import java.util.Arrays;

/** Multiplies the lr by gamma at each milestone epoch (a repeated milestone applies gamma again). */
public class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    private int count(int epoch) {
        int c = 0;
        for (int m : milestones) {
            c += m == epoch ? 1 : 0;
        }
        return c;
    }

    @Override
    protected double[] chainedLr() {
        double[] r = new double[groups()];
        int c = count(lastEpoch);
        for (int i = 0; i < r.length; i++) {
            r[i] = c == 0 ? groupLr(i) : groupLr(i) * Math.pow(gamma, c);
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) {
            passed += m <= lastEpoch ? 1 : 0;
        }
        double[] r = new double[groups()];
        for (int i = 0; i < r.length; i++) {
            r[i] = baseLrs[i] * Math.pow(gamma, passed);
        }
        return r;
    }
}
