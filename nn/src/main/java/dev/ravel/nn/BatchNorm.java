package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/**
 * The shared part of BatchNorm1d/2d: per-channel affine parameters and running statistics
 * ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}, as PyTorch names them).
 * Training normalises with the batch statistics and updates the running ones; eval uses them.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final double eps;
    /** NaN means a cumulative moving average (PyTorch's momentum=None). */
    public final double momentum;
    public final boolean affine;
    public final boolean trackRunningStats;
    public Parameter weight;
    public Parameter bias;

    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.weight = registerParameter("weight", affine ? new Parameter(NDArray.ones(numFeatures)) : null);
        this.bias = registerParameter("bias", affine ? new Parameter(NDArray.zeros(numFeatures)) : null);
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.of(NDArray.zeros(numFeatures)));
            registerBuffer("running_var", Tensor.of(NDArray.ones(numFeatures)));
            registerBuffer("num_batches_tracked", Tensor.of(NDArray.zeros(DType.INT64)));
        } else {
            registerBuffer("running_mean", null);
            registerBuffer("running_var", null);
            registerBuffer("num_batches_tracked", null);
        }
    }

    /** Ranks this layer accepts, e.g. {2, 3} for BatchNorm1d. */
    protected abstract int[] acceptedRanks();

    public void resetRunningStats() {
        if (trackRunningStats) {
            buffer("running_mean").data().zero_();
            buffer("running_var").data().fill_(1.0);
            buffer("num_batches_tracked").data().zero_();
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] ranks = acceptedRanks();
        if (Arrays.stream(ranks).noneMatch(r -> r == input.dim())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + ranksText(ranks)
                    + " input (got " + input.dim() + "D input of shape " + Arrays.toString(input.shape()) + ")");
        }
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): expected input with "
                    + numFeatures + " channels in dim 1, got shape " + Arrays.toString(input.shape()));
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        double m = momentum;
        if (isTraining() && trackRunningStats) {
            NDArray tracked = buffer("num_batches_tracked").data();
            tracked.add_(1L);
            if (Double.isNaN(momentum)) {
                m = 1.0 / tracked.item();
            }
        }
        Tensor rm = trackRunningStats ? buffer("running_mean") : null;
        Tensor rv = trackRunningStats ? buffer("running_var") : null;
        return Functional.batchNorm(input, rm, rv, weight, bias, useBatchStats, m, eps);
    }

    private static String ranksText(int[] ranks) {
        return ranks.length == 1 ? ranks[0] + "D" : ranks[0] + "D or " + ranks[1] + "D";
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        if (name.equals("weight")) {
            weight = p;
        }
        if (name.equals("bias")) {
            bias = p;
        }
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.number(eps) + ", momentum="
                + (Double.isNaN(momentum) ? "None" : PyRepr.number(momentum)) + ", affine=" + PyRepr.bool(affine)
                + ", track_running_stats=" + PyRepr.bool(trackRunningStats);
    }
}
