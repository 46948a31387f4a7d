package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;
import java.util.List;

/**
 * Runs schedulers one after another, switching at the milestone epochs (each new one restarts
 * from its epoch 0), as PyTorch's SequentialLR; e.g. LinearLR warm-up then CosineAnnealingLR.
 */
public class SequentialLR {
    private final Optimizer optimizer;
    private final List<LRScheduler> schedulers;
    private final int[] milestones;
    private int lastEpoch;
    private double[] lastLr;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("SequentialLR: expects at least one scheduler");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("SequentialLR: expects all schedulers to belong to the same optimizer,"
                        + " but got scheduler at index " + i + " with another one");
            }
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expects number of schedulers provided to be one more than"
                    + " the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.length);
        }
        this.optimizer = optimizer;
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        this.lastEpoch = 0;
        for (Optimizer.ParamGroup g : optimizer.paramGroups()) {
            g.setLr(g.getDouble("initial_lr"));
        }
        for (LRScheduler s : schedulers) {
            s.rewind();
        }
        schedulers.getFirst().initialStep();
        lastLr = schedulers.getFirst().getLastLr();
    }

    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) {
            idx++;
        }
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) {
            s.step(0);
        } else {
            s.step();
        }
        lastLr = s.getLastLr();
    }

    public double[] getLastLr() {
        return lastLr.clone();
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
