package dev.ravel.autograd;

import dev.ravel.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A backward function in the graph ({@code grad_fn} in PyTorch): it maps the gradients of its
 * op's outputs to the gradients of the op's inputs, which flow along {@link #nextEdges()}.
 * Nodes are ordered by creation ({@link #sequenceNr()}), which makes backward deterministic.
 */
public abstract class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String name;
    private final long sequenceNr = SEQUENCE.getAndIncrement();
    private final Edge[] nextEdges;
    private final TensorMeta[] inputMeta;
    private TensorMeta[] outputMeta;
    private SavedTensor[] saved;
    private final Throwable forwardTrace;
    private List<List<UnaryOperator<Tensor>>> preHooks;

    protected Node(String name, Edge[] nextEdges, TensorMeta[] inputMeta) {
        this.name = name;
        this.nextEdges = nextEdges;
        this.inputMeta = inputMeta;
        this.forwardTrace = AnomalyMode.isEnabled() ? new Throwable("forward of " + name) : null;
    }

    /** PyTorch-style name, e.g. {@code MulBackward0}. */
    public String name() {
        return name;
    }

    public long sequenceNr() {
        return sequenceNr;
    }

    /** Where each input's gradient goes; null for inputs that need none. */
    public List<Edge> nextEdges() {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(nextEdges));
    }

    Edge edge(int i) {
        return nextEdges[i];
    }

    int numInputs() {
        return nextEdges.length;
    }

    TensorMeta inputMeta(int i) {
        return inputMeta[i];
    }

    int numOutputs() {
        return outputMeta == null ? 1 : outputMeta.length;
    }

    TensorMeta outputMeta(int i) {
        return outputMeta[i];
    }

    void setOutputMeta(TensorMeta[] meta) {
        this.outputMeta = meta;
    }

    void setSaved(SavedTensor[] saved) {
        this.saved = saved;
    }

    /** The saved tensors, version-checked; fails once the graph was freed. */
    protected Tensor[] unpackSaved() {
        if (saved == null) {
            return new Tensor[0];
        }
        Tensor[] out = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            out[i] = saved[i] == null ? null : saved[i].unpack(this);
        }
        return out;
    }

    /** Frees what the node saved for backward (called after a backward without retainGraph). */
    void release() {
        if (saved != null) {
            for (SavedTensor s : saved) {
                if (s != null) {
                    s.release();
                }
            }
        }
    }

    Throwable forwardTrace() {
        return forwardTrace;
    }

    /** Adds a hook on the gradient of output {@code outputNr}, run before this node's backward. */
    public RemovableHandle addPreHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (preHooks == null) {
            preHooks = new ArrayList<>();
        }
        while (preHooks.size() <= outputNr) {
            preHooks.add(new ArrayList<>());
        }
        List<UnaryOperator<Tensor>> list = preHooks.get(outputNr);
        list.add(hook);
        return () -> list.remove(hook);
    }

    Tensor runPreHooks(int outputNr, Tensor grad) {
        if (preHooks == null || outputNr >= preHooks.size()) {
            return grad;
        }
        Tensor g = grad;
        for (UnaryOperator<Tensor> h : List.copyOf(preHooks.get(outputNr))) {
            Tensor r = h.apply(g);
            if (r != null) {
                g = r;
            }
        }
        return g;
    }

    boolean hasPreHooks() {
        return preHooks != null;
    }

    /**
     * Gradients of the inputs from the gradients of the outputs. Missing output gradients arrive
     * as zeros; a null entry in the result means no gradient for that input.
     */
    public abstract Tensor[] apply(Tensor[] gradOutputs);

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
