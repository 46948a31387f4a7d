package dev.ravel.nn;

/** Batch norm over {@code [N, C]} or {@code [N, C, L]}. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    @Override
    protected int[] acceptedRanks() {
        return new int[] {2, 3};
    }
}
