package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.Backends;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Storage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs backward over the graph without recursion: a first pass counts, for every node reachable
 * from the roots, how many edges lead into it; then nodes run newest-first (by sequence number,
 * so the order is deterministic) once all their gradients have arrived. Each gradient is summed
 * down to its input's shape and cast to its dtype here, in one place, so no op handles reverse
 * broadcasting itself.
 *
 * <p>When no graph is being built, a gradient that this pass created and handed to one node only
 * is given back to its backend ({@code Backend.recycle}) once that node has run, unless the node
 * returned it or a view of it: the next allocations of that size reuse the memory while it is
 * warm, as PyTorch's caching allocator reuses a gradient freed by its last reference. Gradients
 * that a hook saw, that grad() returns, that become a {@code .grad}, or that a CustomFunction's
 * backward received are never given back.
 */
public final class Engine {
    private Engine() {
    }

    /** {@code tensor.backward(grad)} for several roots at once. */
    public static void backward(List<Tensor> roots, List<Tensor> grads, boolean retainGraph, boolean createGraph) {
        new Task(roots, grads, retainGraph, createGraph, null).run();
    }

    /**
     * {@code torch.autograd.grad}: the gradients of outputs with respect to inputs, without touching
     * any {@code .grad}. An input no path reaches gets null if allowUnused, else an error.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("grad: requires at least one input");
        }
        Task t = new Task(outputs, gradOutputs, retainGraph, createGraph, inputs);
        Tensor[] r = t.run();
        for (int i = 0; i < r.length; i++) {
            if (r[i] == null && !allowUnused) {
                throw new IllegalArgumentException("grad: one of the differentiated Tensors (input " + i
                        + ") appears to not have been used in the graph. Set allowUnused=true if this is the desired"
                        + " behavior.");
            }
        }
        return Arrays.asList(r);
    }

    private static final class Task {
        private final Edge[] rootEdges;
        private final Tensor[] rootGrads;
        private final boolean retainGraph;
        private final boolean createGraph;
        /** grad(): where to read the results, by node and output number. */
        private final Map<Node, int[]> captures;
        private final Tensor[] captured;
        private final Map<Node, Integer> dependencies = new IdentityHashMap<>();
        private final Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        /** How many places each gradient storage was handed to; 1 means this pass owns it alone. */
        private final Map<Storage, Integer> routes = new IdentityHashMap<>();
        /** Storages with this serial or later were made during this pass. */
        private final long firstSerial = Storage.nextSerial();
        private Map<Node, Boolean> leadsToCapture;

        Task(List<Tensor> roots, List<Tensor> grads, boolean retainGraph, boolean createGraph, List<Tensor> inputs) {
            this.retainGraph = retainGraph;
            this.createGraph = createGraph;
            int n = roots.size();
            if (grads != null && !grads.isEmpty() && grads.size() != n) {
                throw new IllegalArgumentException("backward: got " + n + " tensors and " + grads.size() + " gradients");
            }
            rootEdges = new Edge[n];
            rootGrads = new Tensor[n];
            for (int i = 0; i < n; i++) {
                Tensor r = roots.get(i);
                if (!r.requiresGrad()) {
                    throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have"
                            + " a grad_fn");
                }
                Tensor g = grads == null || grads.isEmpty() ? null : grads.get(i);
                if (g == null) {
                    if (r.numel() != 1) {
                        throw new IllegalStateException("grad can be implicitly created only for scalar outputs (got"
                                + " an output of shape " + Arrays.toString(r.shape()) + ")");
                    }
                    g = Tensor.of(NDArray.onesLike(r.data()));
                } else if (!Arrays.equals(g.shape(), r.shape())) {
                    throw new IllegalArgumentException("backward: mismatch in shape: grad_output[" + i + "] has a shape of "
                            + Arrays.toString(g.shape()) + " and output[" + i + "] has a shape of "
                            + Arrays.toString(r.shape()));
                } else if (g.dtype() != r.dtype()) {
                    g = g.to(r.dtype());   // as the engine casts every other gradient to its input's dtype
                }
                rootEdges[i] = r.gradientEdge();
                rootGrads[i] = g;
                routes.merge(g.data().storage(), 2, Integer::sum);
            }
            if (inputs != null) {
                captures = new IdentityHashMap<>();
                captured = new Tensor[inputs.size()];
                for (int i = 0; i < inputs.size(); i++) {
                    Tensor in = inputs.get(i);
                    if (!in.requiresGrad()) {
                        throw new IllegalArgumentException("grad: one of the differentiated Tensors (input " + i
                                + ") does not require grad");
                    }
                    Edge e = in.gradientEdge();
                    int[] slots = captures.computeIfAbsent(e.node(), k -> new int[k.numOutputs()]);
                    if (slots[e.inputNr()] != 0) {
                        throw new IllegalArgumentException("grad: input " + i + " is given twice");
                    }
                    slots[e.inputNr()] = i + 1;
                }
            } else {
                captures = null;
                captured = null;
            }
        }

        Tensor[] run() {
            countDependencies();
            if (captures != null) {
                markNodesLeadingToCaptures();
            }
            PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(b.sequenceNr(), a.sequenceNr()));
            for (int i = 0; i < rootEdges.length; i++) {
                addToBuffer(rootEdges[i].node(), rootEdges[i].inputNr(), rootGrads[i]);
            }
            for (Edge e : rootEdges) {
                if (dependencies.getOrDefault(e.node(), 0) == 0 && !ready.contains(e.node())) {
                    ready.add(e.node());
                }
            }
            boolean previous = GradMode.set(createGraph);
            try {
                while (!ready.isEmpty()) {
                    execute(ready.poll(), ready);
                }
            } finally {
                GradMode.set(previous);
            }
            return captured;
        }

        private void countDependencies() {
            Deque<Node> stack = new ArrayDeque<>();
            Map<Node, Boolean> seen = new IdentityHashMap<>();
            for (Edge e : rootEdges) {
                if (seen.put(e.node(), Boolean.TRUE) == null) {
                    stack.push(e.node());
                }
            }
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                for (int i = 0; i < n.numInputs(); i++) {
                    Edge e = n.edge(i);
                    if (e == null) {
                        continue;
                    }
                    dependencies.merge(e.node(), 1, Integer::sum);
                    if (seen.put(e.node(), Boolean.TRUE) == null) {
                        stack.push(e.node());
                    }
                }
            }
        }

        /** For grad(): which nodes have a path to a captured gradient, by an iterative post-order walk. */
        private void markNodesLeadingToCaptures() {
            leadsToCapture = new IdentityHashMap<>();
            Deque<Node> stack = new ArrayDeque<>();
            Deque<Integer> child = new ArrayDeque<>();
            for (Edge e : rootEdges) {
                if (!leadsToCapture.containsKey(e.node())) {
                    leadsToCapture.put(e.node(), Boolean.FALSE);
                    stack.push(e.node());
                    child.push(0);
                }
                while (!stack.isEmpty()) {
                    Node n = stack.peek();
                    int i = child.pop();
                    if (i < n.numInputs()) {
                        child.push(i + 1);
                        Edge next = n.edge(i);
                        if (next != null && !leadsToCapture.containsKey(next.node())) {
                            leadsToCapture.put(next.node(), Boolean.FALSE);
                            stack.push(next.node());
                            child.push(0);
                        }
                        continue;
                    }
                    stack.pop();
                    boolean any = false;
                    for (int k = 0; k < n.numInputs() && !any; k++) {
                        Edge next = n.edge(k);
                        any = next != null && (captures.containsKey(next.node())
                                || leadsToCapture.getOrDefault(next.node(), false));
                    }
                    leadsToCapture.put(n, any);
                }
            }
        }

        private void addToBuffer(Node node, int slot, Tensor g) {
            Tensor[] buf = buffers.computeIfAbsent(node, n -> new Tensor[n.numOutputs()]);
            routes.merge(g.data().storage(), 1, Integer::sum);
            Tensor prev = buf[slot];
            if (prev == null) {
                buf[slot] = g;
            } else if (!createGraph && owned(prev) && Arrays.equals(prev.shape(), g.shape())
                    && prev.dtype() == g.dtype()) {
                prev.data().add_(g.data());
            } else {
                Tensor sum = prev.add(g);
                routes.merge(sum.data().storage(), 1, Integer::sum);
                buf[slot] = sum;
            }
        }

        /** True when a gradient's storage was handed out once only and is not a view into something larger. */
        private boolean owned(Tensor g) {
            NDArray d = g.data();
            return routes.getOrDefault(d.storage(), 0) == 1 && d.spansStorage() && g.gradFn() == null;
        }

        private void execute(Node node, PriorityQueue<Node> ready) {
            Tensor[] in = buffers.remove(node);
            if (in == null) {
                in = new Tensor[node.numOutputs()];
            }
            if (node.hasPreHooks()) {
                for (int k = 0; k < in.length; k++) {
                    if (in[k] != null) {
                        // A hook may keep the gradient it sees or returns, so neither is owned by this
                        // pass (counted twice, as root gradients): it must not become a leaf's grad that
                        // later backward passes sum into in place.
                        routes.merge(in[k].data().storage(), 2, Integer::sum);
                        in[k] = node.runPreHooks(k, in[k]);
                        routes.merge(in[k].data().storage(), 2, Integer::sum);
                    }
                }
            }
            if (captures != null) {
                int[] slots = captures.get(node);
                if (slots != null) {
                    for (int k = 0; k < slots.length; k++) {
                        if (slots[k] != 0) {
                            captured[slots[k] - 1] = in[k];
                            if (in[k] != null) {
                                routes.merge(in[k].data().storage(), 2, Integer::sum);   // returned to the caller
                            }
                        }
                    }
                }
                if (!leadsToCapture.getOrDefault(node, false)) {
                    return;
                }
            }
            if (node instanceof AccumulateGrad acc) {
                if (in[0] != null) {
                    acc.accumulate(in[0], createGraph, owned(in[0]));
                }
                return;
            }
            Tensor[] out = apply(node, in);
            if (!retainGraph) {
                node.release();
            }
            recycleConsumed(node, in, out);
            for (int i = 0; i < node.numInputs(); i++) {
                Edge e = node.edge(i);
                if (e == null) {
                    continue;
                }
                if (out[i] != null) {
                    addToBuffer(e.node(), e.inputNr(), out[i]);
                }
                int left = dependencies.merge(e.node(), -1, Integer::sum);
                if (left == 0) {
                    ready.add(e.node());
                }
            }
        }

        /** Gives back the gradients {@code node} consumed that this pass made and nothing else holds. */
        private void recycleConsumed(Node node, Tensor[] in, Tensor[] out) {
            if (createGraph || !(node instanceof FunctionNode f) || f.keepsGradients()) {
                return;
            }
            for (Tensor g : in) {
                if (g == null || !owned(g) || g.data().storage().serial() < firstSerial) {
                    continue;
                }
                Storage s = g.data().storage();
                boolean returned = false;
                for (Tensor o : out) {
                    returned |= o != null && o.data().storage() == s;
                }
                if (!returned) {
                    Backends.of(s.device()).recycle(s);
                }
            }
        }

        private Tensor[] apply(Node node, Tensor[] in) {
            boolean any = false;
            for (Tensor t : in) {
                any |= t != null;
            }
            if (!any) {
                return new Tensor[node.numInputs()];
            }
            for (int k = 0; k < in.length; k++) {
                if (in[k] == null) {
                    in[k] = Tensor.of(node.outputMeta(k).zeros());
                }
            }
            Tensor[] out = node.apply(in);
            if (out.length != node.numInputs()) {
                throw new IllegalStateException("function " + node.name() + " returned an incorrect number of gradients"
                        + " (expected " + node.numInputs() + ", got " + out.length + ")");
            }
            for (int i = 0; i < out.length; i++) {
                if (out[i] != null && node.edge(i) != null) {
                    out[i] = reduceToInput(node, i, out[i]);
                    if (AnomalyMode.isEnabled()) {
                        checkFinite(node, i, out[i]);
                    }
                } else {
                    out[i] = null;
                }
            }
            return out;
        }

        /** Sums a gradient over the dims its input was broadcast along and casts it to the input's dtype. */
        private static Tensor reduceToInput(Node node, int i, Tensor g) {
            TensorMeta meta = node.inputMeta(i);
            int[] want = meta.shape();
            int[] got = g.shape();
            Tensor r = g;
            if (!Arrays.equals(want, got)) {
                int lead = got.length - want.length;
                boolean ok = lead >= 0;
                int[] dims = new int[got.length];
                int nd = 0;
                for (int d = 0; ok && d < got.length; d++) {
                    if (d < lead) {
                        dims[nd++] = d;
                    } else if (want[d - lead] != got[d]) {
                        if (want[d - lead] == 1) {
                            dims[nd++] = d;
                        } else {
                            ok = false;
                        }
                    }
                }
                if (!ok) {
                    throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index "
                            + i + " - got " + Arrays.toString(got) + " but expected shape compatible with "
                            + Arrays.toString(want));
                }
                r = r.sum(Arrays.copyOf(dims, nd), true).reshape(want);
            }
            if (r.dtype() != meta.dtype()) {
                r = r.to(meta.dtype());
            }
            return r;
        }

        private static void checkFinite(Node node, int i, Tensor g) {
            NDArray d = g.data();
            if (d.dtype().isFloatingPoint() && d.numel() > 0 && d.isfinite().logicalNot().any().item() != 0) {
                IllegalStateException e = new IllegalStateException("Function '" + node.name() + "' returned nan or inf"
                        + " values in its " + i + "th output (see the cause for the forward call that created it)");
                if (node.forwardTrace() != null) {
                    e.initCause(node.forwardTrace());
                }
                throw e;
            }
        }
    }
}
