package dev.ravel.optim.lr;

import dev.ravel.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the lr by {@code factor} when a metric stops improving for {@code patience} epochs, then
 * waits {@code cooldown} epochs; "improving" is relative or absolute to {@code threshold}, in
 * "min" or "max" mode. Call {@link #step(double)} with the metric once per epoch.
 */
public class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean minMode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double[] lastLr;

    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: mode " + mode + " is unknown!");
        }
        if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + thresholdMode + " is unknown!");
        }
        if (factor >= 1.0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + factor);
        }
        this.optimizer = optimizer;
        this.minMode = mode.equals("min");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = thresholdMode.equals("rel");
        this.cooldown = cooldown;
        this.minLrs = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(minLrs, minLr);
        this.eps = eps;
        this.best = minMode ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
    }

    /** PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, "min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8);
    }

    private double[] currentLrs() {
        List<Optimizer.ParamGroup> g = optimizer.paramGroups();
        double[] r = new double[g.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = g.get(i).lr();
        }
        return r;
    }

    boolean isBetter(double a) {
        if (minMode) {
            return relative ? a < best * (1 - threshold) : a < best - threshold;
        }
        return relative ? a > best * (threshold + 1) : a > best + threshold;
    }

    /** Records one epoch's metric and lowers the lr if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            List<Optimizer.ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double old = groups.get(i).lr();
                double updated = Math.max(old * factor, minLrs[i]);
                if (old - updated > eps) {
                    groups.get(i).setLr(updated);
                }
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    public double[] getLastLr() {
        return lastLr.clone();
    }

    public double best() {
        return best;
    }

    public int numBadEpochs() {
        return numBadEpochs;
    }

    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("num_bad_epochs", numBadEpochs);
        s.put("cooldown_counter", cooldownCounter);
        s.put("last_epoch", lastEpoch);
        return s;
    }

    public void loadStateDict(Map<String, Object> s) {
        best = ((Number) s.get("best")).doubleValue();
        numBadEpochs = ((Number) s.get("num_bad_epochs")).intValue();
        cooldownCounter = ((Number) s.get("cooldown_counter")).intValue();
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
    }
}
