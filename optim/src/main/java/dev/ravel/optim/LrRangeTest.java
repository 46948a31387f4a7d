package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The learning-rate range test (Smith; fastai's and the seed tutorial's "lr finder"): train for a
 * few batches while the lr grows geometrically from startLr to endLr, record the smoothed loss,
 * stop once it diverges, and suggest the lr where the loss falls fastest. The model and the
 * optimizer are restored afterwards, so the test runs on what is in effect a copy of them.
 *
 * <pre>{@code
 * LrRangeTest.Result r = LrRangeTest.run(model, optimizer, () -> lossFn.forward(model.forward(x()), y()),
 *         1e-7, 10, 100);
 * System.out.println("suggested lr " + r.suggestedLr());
 * }</pre>
 */
public final class LrRangeTest {
    /** The lrs tried, the smoothed losses seen, and the suggestion. */
    public record Result(double[] lrs, double[] losses, double suggestedLr) {
    }

    private LrRangeTest() {
    }

    /**
     * @param batchLoss computes the loss of the next batch with the model (forward only; the
     *                  test does zeroGrad, backward and step)
     */
    public static Result run(Module model, Optimizer optimizer, Supplier<Tensor> batchLoss, double startLr, double endLr,
                             int numIter) {
        return run(model, optimizer, batchLoss, startLr, endLr, numIter, 0.05, 5);
    }

    public static Result run(Module model, Optimizer optimizer, Supplier<Tensor> batchLoss, double startLr, double endLr,
                             int numIter, double smoothing, double divergeThreshold) {
        if (!(startLr > 0) || !(endLr > startLr)) {
            throw new IllegalArgumentException("LrRangeTest: expected 0 < startLr < endLr, got " + startLr + " and " + endLr);
        }
        if (numIter < 2) {
            throw new IllegalArgumentException("LrRangeTest: numIter must be at least 2, got " + numIter);
        }
        Map<String, Tensor> modelState = snapshot(model.stateDict());
        Map<String, Object> optState = optimizer.stateDict();
        double[] savedLrs = optimizer.paramGroups().stream().mapToDouble(Optimizer.ParamGroup::lr).toArray();
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        double ratio = Math.pow(endLr / startLr, 1.0 / (numIter - 1));
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        try {
            for (int i = 0; i < numIter; i++) {
                double lr = startLr * Math.pow(ratio, i);
                for (Optimizer.ParamGroup g : optimizer.paramGroups()) {
                    g.setLr(lr);
                }
                optimizer.zeroGrad();
                Tensor loss = batchLoss.get();
                loss.backward();
                optimizer.step();
                double value = loss.item();
                avg = smoothing * value + (1 - smoothing) * avg;
                double smoothed = avg / (1 - Math.pow(1 - smoothing, i + 1));
                lrs.add(lr);
                losses.add(smoothed);
                best = Math.min(best, smoothed);
                if (!Double.isFinite(smoothed) || smoothed > divergeThreshold * best) {
                    break;
                }
            }
        } finally {
            optimizer.zeroGrad();
            model.loadStateDict(modelState);
            optimizer.loadStateDict(optState);
            for (int i = 0; i < savedLrs.length; i++) {
                optimizer.paramGroups().get(i).setLr(savedLrs[i]);
            }
        }
        double[] l = lrs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] s = losses.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(l, s, steepest(l, s));
    }

    /** The lr where the smoothed loss falls fastest against log(lr), ignoring the noisy ends. */
    static double steepest(double[] lrs, double[] losses) {
        int n = losses.length;
        if (n < 3) {
            return lrs[0];
        }
        int skipStart = Math.min(n / 10, 10);
        int end = n - Math.max(1, Math.min(n / 20, 5));
        double bestSlope = Double.POSITIVE_INFINITY;
        int at = skipStart;
        for (int i = Math.max(1, skipStart); i < end; i++) {
            double slope = (losses[i] - losses[i - 1]) / (Math.log(lrs[i]) - Math.log(lrs[i - 1]));
            if (slope < bestSlope) {
                bestSlope = slope;
                at = i;
            }
        }
        return lrs[at];
    }

    private static Map<String, Tensor> snapshot(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> copy.put(k, Tensor.of(v.data().clone())));
        return copy;
    }
}
