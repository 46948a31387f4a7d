package dev.ravel.nn;

/** Batch norm over {@code [N, C, H, W]}. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    @Override
    protected int[] acceptedRanks() {
        return new int[] {4};
    }
}
