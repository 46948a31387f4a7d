package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.functional.Reduction;

/**
 * Cross-entropy of logits {@code [N, C]} (or {@code [N, C, d...]}) against class indices or class
 * probabilities, with optional class weights, ignoreIndex and label smoothing. Fused: log-softmax
 * and NLL are one stable op.
 */
public class CrossEntropyLoss extends Loss {
    public final int ignoreIndex;
    public final double labelSmoothing;

    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(reduction);
        registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    public CrossEntropyLoss() {
        this(null, -100, Reduction.MEAN, 0);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, buffer("weight"), ignoreIndex, reduction, labelSmoothing);
    }
}
