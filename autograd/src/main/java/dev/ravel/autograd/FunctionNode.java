package dev.ravel.autograd;

import dev.ravel.Tensor;

/** A node whose backward is a formula given where the op is defined (see {@link Autograd#record}). */
final class FunctionNode extends Node {
    private final MultiBackward backward;
    private final boolean keepsGradients;

    FunctionNode(String name, Edge[] edges, TensorMeta[] inputMeta, MultiBackward backward, boolean keepsGradients) {
        super(name, edges, inputMeta);
        this.backward = backward;
        this.keepsGradients = keepsGradients;
    }

    /** True when the backward may hold on to the gradients it was given (a CustomFunction's user code). */
    boolean keepsGradients() {
        return keepsGradients;
    }

    @Override
    public Tensor[] apply(Tensor[] gradOutputs) {
        return backward.apply(gradOutputs, unpackSaved());
    }
}
