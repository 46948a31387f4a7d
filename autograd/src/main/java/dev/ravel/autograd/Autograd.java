package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.Backends;
import dev.ravel.tensor.NDArray;

/**
 * How an op joins the graph: it computes its result on NDArrays and calls {@link #record} with
 * its inputs, the tensors its backward needs, and the backward formula, all in one place. When
 * grad mode is off or no input requires grad, nothing is recorded and the result is a plain tensor.
 *
 * <pre>{@code
 * static Tensor exp(Tensor x) {
 *     return Autograd.record("exp", x.data().exp(), new Tensor[] {x}, new Tensor[] {Autograd.OUTPUT},
 *             (g, s) -> new Tensor[] {g.mul(s[0])});            // exp: grad * result
 * }
 * }</pre>
 */
public final class Autograd {
    private static final java.util.List<Tensor> OUTPUT_REFS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Stands for the op's (first) output in the saved list. */
    public static final Tensor OUTPUT = outputRef(0);

    /** Stands for output {@code i} of a multi-output op in the saved list. */
    public static synchronized Tensor outputRef(int i) {
        while (OUTPUT_REFS.size() <= i) {
            OUTPUT_REFS.add(Tensor.of(NDArray.scalar(0.0)));
        }
        return OUTPUT_REFS.get(i);
    }

    private static int outputIndex(Tensor t) {
        for (int i = 0; i < OUTPUT_REFS.size(); i++) {
            if (OUTPUT_REFS.get(i) == t) {
                return i;
            }
        }
        return -1;
    }

    private Autograd() {
    }

    /** True when an op with these inputs must be recorded. */
    public static boolean needsGraph(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a single-output op; {@code saved} may hold {@link #OUTPUT} and nulls. The backward
     * formula must not keep the gradients it is given once it returns (it may return them, or
     * views of them): when not building a graph, the engine hands a gradient's memory back for
     * reuse as soon as the node that consumed it is done. {@link CustomFunction}s may keep theirs.
     */
    public static Tensor record(String op, NDArray result, Tensor[] inputs, Tensor[] saved, Backward backward) {
        if (!needsGraph(inputs)) {
            return Tensor.of(result);
        }
        return recordMulti(op, new NDArray[] {result}, null, inputs, saved,
                (grads, s) -> backward.apply(grads[0], s))[0];
    }

    /**
     * Records an op with several outputs; {@code differentiable[i] == false} marks outputs (such as
     * indices) that never carry a gradient. Null means all are differentiable. As with
     * {@link #record}, the backward formula must not keep the gradients it is given.
     */
    public static Tensor[] recordMulti(String op, NDArray[] results, boolean[] differentiable, Tensor[] inputs,
                                       Tensor[] saved, MultiBackward backward) {
        return recordMulti(op, results, differentiable, inputs, saved, backward, false);
    }

    /** As the public recordMulti; {@code keepsGradients}: the backward may hold on to its gradients (user code). */
    static Tensor[] recordMulti(String op, NDArray[] results, boolean[] differentiable, Tensor[] inputs,
                                Tensor[] saved, MultiBackward backward, boolean keepsGradients) {
        Tensor[] outs = new Tensor[results.length];
        if (!needsGraph(inputs)) {
            for (int i = 0; i < results.length; i++) {
                outs[i] = Tensor.of(results[i]);
            }
            return outs;
        }
        Edge[] edges = new Edge[inputs.length];
        TensorMeta[] meta = new TensorMeta[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null) {
                meta[i] = TensorMeta.of(t.data());
                edges[i] = t.requiresGrad() ? t.gradientEdge() : null;
            }
        }
        FunctionNode node = new FunctionNode(nodeName(op), edges, meta, backward, keepsGradients);
        TensorMeta[] outMeta = new TensorMeta[results.length];
        for (int i = 0; i < results.length; i++) {
            outMeta[i] = TensorMeta.of(results[i]);
            boolean diff = differentiable == null || differentiable[i];
            outs[i] = diff ? Tensor.fromOp(results[i], node, i) : Tensor.of(results[i]);
        }
        node.setOutputMeta(outMeta);
        if (saved != null && saved.length > 0) {
            SavedTensor[] st = new SavedTensor[saved.length];
            for (int i = 0; i < saved.length; i++) {
                Tensor s = saved[i];
                int out = s == null ? -1 : outputIndex(s);
                if (out >= 0) {
                    st[i] = new SavedTensor(outs[out], true, out);
                } else if (s != null) {
                    st[i] = new SavedTensor(s, false, 0);
                }
            }
            node.setSaved(st);
        }
        return outs;
    }

    /**
     * Hands the memory of a temporary that a backward formula made and used up back to its backend
     * ({@code Backend.recycle}), when no graph is being recorded (in a recorded graph the nodes
     * that consumed it keep it). The caller guarantees nothing else refers to it or to a view of it.
     */
    static void discardTemporary(Tensor temp) {
        if (!GradMode.isEnabled() && temp.gradFn() == null) {
            NDArray d = temp.data();
            Backends.of(d.device()).recycle(d.storage());
        }
    }

    /** PyTorch's node naming: {@code "mul"} becomes {@code "MulBackward0"}, {@code "index_select"} {@code "IndexSelectBackward0"}. */
    static String nodeName(String op) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : op.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.append("Backward0").toString();
    }
}
