package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule over an optimizer's groups, PyTorch's {@code _LRScheduler}: construction
 * records each group's {@code initial_lr} and takes the initial step (epoch 0); every
 * {@link #step()} moves one epoch (or batch) on and writes the new lrs into the groups. The
 * recurrences are PyTorch's ("chainable" forms), so the sequences match it to the last bit.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch;
    private int stepCount;
    /** The optimizer's step count when this scheduler was made: step() needs one more than that. */
    private final long optimizerStepsAtStart;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<Optimizer.ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            Optimizer.ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) {
                g.set("initial_lr", g.lr());
            }
            baseLrs[i] = g.getDouble("initial_lr");
        }
        lastEpoch = -1;
        optimizerStepsAtStart = optimizer.stepCount();
    }

    /** The first step, at construction; subclasses call it at the end of their constructor. */
    protected final void initialStep() {
        stepCount = 0;
        advance(null);
    }

    /** The lrs for {@link #lastEpoch} from the current group lrs (the chainable form). */
    protected abstract double[] chainedLr();

    /** The lrs for {@link #lastEpoch} from the base lrs alone (used when jumping to an epoch). */
    protected abstract double[] closedFormLr();

    protected double groupLr(int i) {
        return optimizer.paramGroups().get(i).lr();
    }

    protected int groups() {
        return baseLrs.length;
    }

    /** Moves one step on. Fails if the optimizer has not stepped yet: that order skips the first lr. */
    public void step() {
        if (stepCount == 1 && optimizer.stepCount() <= optimizerStepsAtStart) {
            throw new IllegalStateException(getClass().getSimpleName() + ".step() was called before optimizer.step():"
                    + " call optimizer.step() first, then the scheduler, or the first value of the schedule is skipped");
        }
        advance(null);
    }

    /** Jumps to an epoch, using the closed form (SequentialLR restarts its schedulers this way). */
    public void step(int epoch) {
        advance(epoch);
    }

    private void advance(Integer epoch) {
        stepCount++;
        double[] lrs;
        if (epoch == null) {
            lastEpoch++;
            lrs = chainedLr();
        } else {
            lastEpoch = epoch;
            lrs = closedFormLr();
        }
        List<Optimizer.ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(lrs[i]);
        }
        lastLr = lrs.clone();
    }

    public double[] getLastLr() {
        return lastLr.clone();
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    /** Undoes one epoch of bookkeeping (SequentialLR's set-up). */
    void rewind() {
        lastEpoch--;
    }

    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("last_epoch", lastEpoch);
        s.put("_step_count", stepCount);
        s.put("base_lrs", baseLrs.clone());
        s.put("_last_lr", lastLr == null ? null : lastLr.clone());
        return s;
    }

    public void loadStateDict(Map<String, Object> s) {
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
        stepCount = ((Number) s.get("_step_count")).intValue();
        double[] b = (double[]) s.get("base_lrs");
        System.arraycopy(b, 0, baseLrs, 0, baseLrs.length);
        double[] l = (double[]) s.get("_last_lr");
        lastLr = l == null ? null : l.clone();
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
