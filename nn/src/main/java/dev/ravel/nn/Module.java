package dev.ravel.nn;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A layer or a model, like {@code torch.nn.Module}: parameters, buffers and submodules registered
 * under names, whose dotted paths ({@code layers.0.weight}) are the state-dict keys PyTorch uses.
 *
 * <p>Subclasses allocate their parameters in the constructor, then call a {@code resetParameters()}
 * that initialises them as PyTorch does; an absent bias is registered as null. Layers that map one
 * tensor to one tensor override {@link #forward(Tensor)}.
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = registerModule("fc1", new Linear(784, 128));
 *     final Linear fc2 = registerModule("fc2", new Linear(128, 10));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x.flatten(1, -1)).relu()); }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new java.util.HashSet<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's computation for layers that take and return one tensor. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single tensor input");
    }

    // ---- registration ----

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module attribute name can't be empty or contain \".\", got \"" + name + "\"");
        }
    }

    /** Registers (or, with null, declares absent) a parameter and returns it. */
    protected Parameter registerParameter(String name, Parameter p) {
        checkName(name);
        if (buffers.containsKey(name) || modules.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getClass().getSimpleName());
        }
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer: state saved in the state dict (if persistent) but not trained. */
    protected Tensor registerBuffer(String name, Tensor t, boolean persistent) {
        checkName(name);
        if (parameters.containsKey(name) || modules.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getClass().getSimpleName());
        }
        buffers.put(name, t);
        if (!persistent) {
            nonPersistent.add(name);
        }
        return t;
    }

    protected Tensor registerBuffer(String name, Tensor t) {
        return registerBuffer(name, t, true);
    }

    /** Registers a submodule and returns it. */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (parameters.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getClass().getSimpleName());
        }
        modules.put(name, module);
        return module;
    }

    /**
     * Replaces a registered parameter by another one, e.g. to tie weights as PyTorch's
     * {@code head.weight = emb.weight}: both modules then hold the same Parameter (one gradient,
     * one optimizer state), and the state dict lists it under both names.
     */
    public void setParameter(String name, Parameter p) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter named '" + name
                    + "' to replace (registered: " + parameters.keySet() + ")");
        }
        Parameter old = parameters.get(name);
        if (old != null && p != null && !java.util.Arrays.equals(old.shape(), p.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": cannot replace parameter '" + name
                    + "' of shape " + java.util.Arrays.toString(old.shape()) + " by one of shape "
                    + java.util.Arrays.toString(p.shape()));
        }
        parameters.put(name, p);
        parameterReplaced(name, p);
    }

    /** Lets a layer that keeps its parameters in fields follow {@link #setParameter}. */
    protected void parameterReplaced(String name, Parameter p) {
    }

    /** The direct parameter of this name (null when absent or declared absent). */
    public Parameter parameter(String name) {
        return parameters.get(name);
    }

    public Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** Replaces a buffer's tensor (batch-norm statistics are updated this way). */
    protected void setBuffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException("no buffer named '" + name + "' in " + getClass().getSimpleName());
        }
        buffers.put(name, t);
    }

    public Module module(String name) {
        return modules.get(name);
    }

    // ---- traversal ----

    /** Parameters with dotted names, each once even if shared, in registration order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            for (Map.Entry<String, Parameter> p : e.getValue().parameters.entrySet()) {
                if (p.getValue() != null && seen.add(p.getValue())) {
                    out.put(prefix + p.getKey(), p.getValue());
                }
            }
        }
        return out;
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            for (Map.Entry<String, Tensor> b : e.getValue().buffers.entrySet()) {
                if (b.getValue() != null) {
                    out.put(prefix + b.getKey(), b.getValue());
                }
            }
        }
        return out;
    }

    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        modules.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /** This module and all below it, depth first, with dotted names ("" for this one), each once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Explicit stack (children pushed in reverse) keeps PyTorch's pre-order without recursion.
        ArrayList<Map.Entry<String, Module>> stack = new ArrayList<>();
        stack.add(Map.entry("", this));
        while (!stack.isEmpty()) {
            Map.Entry<String, Module> e = stack.removeLast();
            Module m = e.getValue();
            if (!seen.add(m)) {
                continue;
            }
            out.put(e.getKey(), m);
            List<Map.Entry<String, Module>> kids = new ArrayList<>(m.namedChildren().entrySet());
            for (int i = kids.size() - 1; i >= 0; i--) {
                String n = kids.get(i).getKey();
                stack.add(Map.entry(e.getKey().isEmpty() ? n : e.getKey() + "." + n, kids.get(i).getValue()));
            }
        }
        return out;
    }

    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** Calls fn on every submodule (children first) and then on this module, like PyTorch's apply. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ---- modes and gradients ----

    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode;
        }
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears gradients; PyTorch's default since 2.0 is setToNone. */
    public void zeroGrad(boolean setToNone) {
        for (Parameter p : parameters()) {
            if (p.grad() != null) {
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    p.grad().data().zero_();
                }
            }
        }
    }

    public void zeroGrad() {
        zeroGrad(true);
    }

    public Module requiresGrad_(boolean flag) {
        for (Parameter p : parameters()) {
            p.requiresGrad_(flag);
        }
        return this;
    }

    // ---- device and dtype ----

    /** Moves every parameter, gradient and buffer to a device, in place (optimizers keep working). */
    public Module to(Device device) {
        for (Parameter p : parameters()) {
            p.setData(p.data().to(device));
            if (p.grad() != null) {
                p.setGrad(Tensor.of(p.grad().data().to(device)));
            }
        }
        for (Module m : modules()) {
            m.buffers.replaceAll((k, b) -> b == null ? null : Tensor.of(b.data().to(device)));
        }
        return this;
    }

    /** Casts floating point parameters and buffers to a floating dtype, in place. */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Module.to: nn.Module.to only accepts floating point dtypes, but got "
                    + dtype.torchName());
        }
        for (Parameter p : parameters()) {
            if (p.dtype().isFloatingPoint()) {
                p.setData(p.data().to(dtype));
                if (p.grad() != null) {
                    p.setGrad(Tensor.of(p.grad().data().to(dtype)));
                }
            }
        }
        for (Module m : modules()) {
            m.buffers.replaceAll((k, b) -> b == null || !b.dtype().isFloatingPoint() ? b : Tensor.of(b.data().to(dtype)));
        }
        return this;
    }

    // ---- state dict ----

    /**
     * Parameters and persistent buffers by dotted name; the values share storage with the module.
     * As in PyTorch, a submodule registered under two names is saved under both (a checkpoint of
     * a model with shared layers has every key), so unlike namedModules() this does not de-duplicate.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ArrayList<Map.Entry<String, Module>> stack = new ArrayList<>();
        stack.add(Map.entry("", this));
        while (!stack.isEmpty()) {
            Map.Entry<String, Module> e = stack.removeLast();
            String prefix = e.getKey();
            Module m = e.getValue();
            List<Map.Entry<String, Module>> kids = new ArrayList<>(m.namedChildren().entrySet());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(Map.entry(prefix + kids.get(i).getKey() + ".", kids.get(i).getValue()));
            }
            m.parameters.forEach((k, p) -> {
                if (p != null) {
                    out.put(prefix + k, p.detach());
                }
            });
            m.buffers.forEach((k, b) -> {
                if (b != null && !m.nonPersistent.contains(k)) {
                    out.put(prefix + k, b.detach());
                }
            });
        }
        return out;
    }

    /** What {@link #loadStateDict(Map, boolean)} did not match. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /**
     * Copies values into this module's parameters and buffers. Shapes must match; with strict,
     * missing and unexpected keys are errors too. The message lists all three kinds of mismatch.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> badShape = new ArrayList<>();
        for (String k : own.keySet()) {
            if (!state.containsKey(k)) {
                missing.add(k);
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) {
                unexpected.add(e.getKey());
            } else if (!Arrays.equals(mine.shape(), e.getValue().shape())) {
                badShape.add(e.getKey() + ": copying a param with shape " + Arrays.toString(e.getValue().shape())
                        + " from checkpoint, the shape in current model is " + Arrays.toString(mine.shape()));
            }
        }
        if (!badShape.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":");
            if (strict && !missing.isEmpty()) {
                sb.append("\n\tMissing key(s) in state_dict: ").append(missing);
            }
            if (strict && !unexpected.isEmpty()) {
                sb.append("\n\tUnexpected key(s) in state_dict: ").append(unexpected);
            }
            for (String b : badShape) {
                sb.append("\n\tsize mismatch for ").append(b);
            }
            throw new IllegalArgumentException(sb.toString());
        }
        try (var g = Ravel.noGrad()) {
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor mine = own.get(e.getKey());
                if (mine != null) {
                    NDArray src = e.getValue().data();
                    mine.data().copy_(src.device().equals(mine.device()) ? src : src.to(mine.device()));
                }
            }
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    public IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    // ---- printing ----

    /** The arguments shown between the parentheses of this module's line, e.g. {@code in_features=4}. */
    public String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        Map<String, Module> kids = namedChildren();
        String name = getClass().getSimpleName();
        if (kids.isEmpty()) {
            return name + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra.replace("\n", "\n  "));
        }
        for (Map.Entry<String, Module> e : kids.entrySet()) {
            sb.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
        }
        return sb.append("\n)").toString();
    }
}
