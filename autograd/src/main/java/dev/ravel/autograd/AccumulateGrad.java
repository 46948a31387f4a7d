package dev.ravel.autograd;

import dev.ravel.Tensor;

/** The sink of a leaf that requires grad: adds the incoming gradient into {@code leaf.grad()}. */
public final class AccumulateGrad extends Node {
    private final Tensor leaf;

    public AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad", new Edge[0], new TensorMeta[0]);
        this.leaf = leaf;
        setOutputMeta(new TensorMeta[] {TensorMeta.of(leaf.data())});
    }

    public Tensor leaf() {
        return leaf;
    }

    @Override
    public Tensor[] apply(Tensor[] gradOutputs) {
        throw new IllegalStateException("AccumulateGrad is run by the engine, not applied");
    }

    /**
     * Adds {@code g} into the leaf's grad: in place when not building a graph, out of place
     * (so the sum stays differentiable) when {@code createGraph}. {@code owned} says g is referenced
     * nowhere else and may become the grad without a copy.
     */
    void accumulate(Tensor g, boolean createGraph, boolean owned) {
        Tensor current = leaf.grad();
        if (current == null) {
            Tensor stored = createGraph ? g : (owned ? g.detach() : Tensor.of(g.data().clone()));
            leaf.setGrad(stored);
        } else if (createGraph || current.requiresGrad()) {
            leaf.setGrad(current.add(g));
        } else {
            current.data().add_(g.data());
        }
    }
}
