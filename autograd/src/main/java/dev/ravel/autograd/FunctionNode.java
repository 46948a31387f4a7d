package dev.ravel.autograd;

import dev.ravel.Tensor;

/** A node whose backward is a formula given where the op is defined (see {@link Autograd#record}). */
final class FunctionNode extends Node {
    private final MultiBackward backward;

    FunctionNode(String name, Edge[] edges, TensorMeta[] inputMeta, MultiBackward backward) {
        super(name, edges, inputMeta);
        this.backward = backward;
    }

    @Override
    public Tensor[] apply(Tensor[] gradOutputs) {
        return backward.apply(gradOutputs, unpackSaved());
    }
}
