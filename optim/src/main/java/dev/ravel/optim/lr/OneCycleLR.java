package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;
import java.util.List;

/**
 * The 1cycle policy (Smith): lr rises from maxLr/divFactor to maxLr over pctStart of the steps,
 * then anneals to initial/finalDivFactor; momentum (or Adam's beta1) moves the opposite way.
 * Step it once per batch.
 */
public class OneCycleLR extends LRScheduler {
    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
    }

    private final int totalSteps;
    private final List<Phase> phases;
    private final boolean cosine;
    private final boolean cycleMomentum;
    private final String momentumKey;

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, String annealStrategy,
                      boolean cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                      double finalDivFactor, boolean threePhase) {
        super(prepare(optimizer, maxLr, divFactor, finalDivFactor));
        require(totalSteps > 0, "OneCycleLR: expected positive integer total_steps, but got " + totalSteps);
        require(pctStart >= 0 && pctStart <= 1, "OneCycleLR: expected float between 0 and 1 pct_start, but got " + pctStart);
        require(annealStrategy.equals("cos") || annealStrategy.equals("linear"),
                "OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got " + annealStrategy);
        this.totalSteps = totalSteps;
        this.cosine = annealStrategy.equals("cos");
        this.phases = threePhase
                ? List.of(new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                        new Phase(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                        new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"))
                : List.of(new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                        new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        this.cycleMomentum = cycleMomentum;
        Optimizer.ParamGroup first = optimizer.paramGroups().getFirst();
        this.momentumKey = first.has("beta1") ? "beta1" : "momentum";
        if (cycleMomentum) {
            require(first.has("beta1") || first.has("momentum"),
                    "OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
            for (Optimizer.ParamGroup g : optimizer.paramGroups()) {
                g.set(momentumKey, maxMomentum);
                g.set("max_momentum", maxMomentum);
                g.set("base_momentum", baseMomentum);
            }
        }
        initialStep();
    }

    /** The usual form: cosine, momentum cycling 0.85-0.95, div 25, final div 1e4, two phases. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, "cos", true, 0.85, 0.95, 25, 1e4, false);
    }

    private static Optimizer prepare(Optimizer optimizer, double maxLr, double divFactor, double finalDivFactor) {
        for (Optimizer.ParamGroup g : optimizer.paramGroups()) {
            g.set("initial_lr", maxLr / divFactor);
            g.set("max_lr", maxLr);
            g.set("min_lr", maxLr / divFactor / finalDivFactor);
        }
        return optimizer;
    }

    private double anneal(double start, double end, double pct) {
        return cosine ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    @Override
    protected double[] chainedLr() {
        if (lastEpoch > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + (lastEpoch + 1)
                    + " times. The specified number of total steps is " + totalSteps);
        }
        List<Optimizer.ParamGroup> groups = optimizer.paramGroups();
        double[] r = new double[groups.size()];
        for (int i = 0; i < r.length; i++) {
            Optimizer.ParamGroup g = groups.get(i);
            double startStep = 0;
            for (int k = 0; k < phases.size(); k++) {
                Phase p = phases.get(k);
                if (lastEpoch <= p.endStep() || k == phases.size() - 1) {
                    double pct = (lastEpoch - startStep) / (p.endStep() - startStep);
                    r[i] = anneal(g.getDouble(p.startLr()), g.getDouble(p.endLr()), pct);
                    if (cycleMomentum) {
                        g.set(momentumKey, anneal(g.getDouble(p.startMomentum()), g.getDouble(p.endMomentum()), pct));
                    }
                    break;
                }
                startStep = p.endStep();
            }
        }
        return r;
    }

    @Override
    protected double[] closedFormLr() {
        return chainedLr();
    }
}
