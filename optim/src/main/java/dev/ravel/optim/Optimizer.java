package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.autograd.GradMode;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimizer contract of {@code torch.optim}: parameter groups with their own options (lr,
 * weight decay, ...), per-parameter state, {@code zeroGrad}, {@code step}, and a state dict in
 * PyTorch's layout ({@code state} by parameter index, {@code param_groups} with index lists) so
 * that a resumed optimizer takes exactly the step the original would have.
 *
 * <p>A subclass validates its options and implements the update of one parameter; step runs it
 * under no-grad for every parameter that has a gradient.
 */
public abstract class Optimizer {
    /** One parameter group: its tensors and its options. */
    public static final class ParamGroup {
        private final List<Tensor> params;
        private final Map<String, Object> options;

        ParamGroup(List<Tensor> params, Map<String, Object> options) {
            this.params = List.copyOf(params);
            this.options = options;
        }

        public List<Tensor> params() {
            return params;
        }

        public double lr() {
            return getDouble("lr");
        }

        public void setLr(double lr) {
            options.put("lr", lr);
        }

        public double getDouble(String key) {
            Object v = options.get(key);
            if (!(v instanceof Number n)) {
                throw new IllegalStateException("param group has no numeric option '" + key + "'");
            }
            return n.doubleValue();
        }

        public boolean getBoolean(String key) {
            return Boolean.TRUE.equals(options.get(key));
        }

        public Object get(String key) {
            return options.get(key);
        }

        public boolean has(String key) {
            return options.containsKey(key);
        }

        public void set(String key, Object value) {
            options.put(key, value);
        }

        /** All options, PyTorch's names ("lr", "weight_decay", "betas" as beta1/beta2, ...). */
        public Map<String, Object> options() {
            return Collections.unmodifiableMap(options);
        }
    }

    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    private long stepCount;

    protected Optimizer(List<ParamGroupSpec> specs, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        validate(this.defaults);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
        }
        for (ParamGroupSpec s : specs) {
            addParamGroup(s);
        }
    }

    protected static List<ParamGroupSpec> single(List<? extends Tensor> params) {
        return List.of(ParamGroupSpec.of(params));
    }

    /** Checks option values, naming the bad one ("Invalid learning rate: -0.1"). */
    protected abstract void validate(Map<String, Object> options);

    /** Updates one parameter in place from its gradient; state starts empty. */
    protected abstract void update(Tensor param, NDArray grad, ParamGroup group, Map<String, Object> state);

    public void addParamGroup(ParamGroupSpec spec) {
        List<Tensor> params = new ArrayList<>(spec.params());
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
        }
        Set<Tensor> existing = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) {
            existing.addAll(g.params());
        }
        Set<Tensor> mine = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : params) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": can't optimize a non-leaf Tensor");
            }
            if (!mine.add(p)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter group contains a"
                        + " parameter more than once");
            }
            if (existing.contains(p)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": some parameters appear in more than"
                        + " one parameter group");
            }
        }
        Map<String, Object> options = new LinkedHashMap<>(defaults);
        options.putAll(spec.options());
        validate(options);
        groups.add(new ParamGroup(params, options));
    }

    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    public Map<String, Object> defaults() {
        return defaults;
    }

    /** How many times step() ran (schedulers check that it ran before them). */
    public long stepCount() {
        return stepCount;
    }

    /** Per-parameter state (momentum buffers, moments, step counts). */
    protected Map<String, Object> state(Tensor p) {
        return state.computeIfAbsent(p, k -> new LinkedHashMap<>());
    }

    /** Clears gradients; setToNone (PyTorch 2's default) drops them instead of zeroing. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                if (p.grad() != null) {
                    if (setToNone) {
                        p.setGrad(null);
                    } else {
                        p.grad().data().zero_();
                    }
                }
            }
        }
    }

    public void zeroGrad() {
        zeroGrad(true);
    }

    /** One optimisation step over every parameter that has a gradient. */
    public void step() {
        try (var g = GradMode.disable()) {
            for (ParamGroup group : groups) {
                for (Tensor p : group.params()) {
                    if (p.grad() != null) {
                        update(p, p.grad().data(), group, state(p));
                    }
                }
            }
        }
        stepCount++;
    }

    // ---- state dict ----

    /**
     * PyTorch's layout: {@code {"state": {index: {name: value}}, "param_groups": [{options..., "params":
     * [index...]}]}}; tensors are copies, so the dict is a snapshot.
     */
    public Map<String, Object> stateDict() {
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        List<Map<String, Object>> packedGroups = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> pg = new LinkedHashMap<>(g.options);
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                Map<String, Object> s = state.get(p);
                if (s != null && !s.isEmpty()) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    s.forEach((k, v) -> copy.put(k, v instanceof NDArray a ? Tensor.of(a.clone()) : v));
                    packedState.put(index, copy);
                }
                ids.add(index++);
            }
            pg.put("params", ids);
            packedGroups.add(pg);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("param_groups", packedGroups);
        return out;
    }

    /** Restores options and state from {@link #stateDict()}; the groups must have the same sizes. */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> dict) {
        List<Map<String, Object>> savedGroups = (List<Map<String, Object>>) dict.get("param_groups");
        Map<Integer, Map<String, Object>> savedState = (Map<Integer, Map<String, Object>>) dict.get("state");
        if (savedGroups == null || savedState == null) {
            throw new IllegalArgumentException("loadStateDict: expected keys 'state' and 'param_groups'");
        }
        if (savedGroups.size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups ("
                    + savedGroups.size() + " vs " + groups.size() + ")");
        }
        for (int i = 0; i < groups.size(); i++) {
            int n = ((List<?>) savedGroups.get(i).get("params")).size();
            if (n != groups.get(i).params().size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the"
                        + " size of optimizer's group (group " + i + ": " + n + " vs " + groups.get(i).params().size()
                        + ")");
            }
        }
        state.clear();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            Map<String, Object> sg = savedGroups.get(i);
            List<?> ids = (List<?>) sg.get("params");
            sg.forEach((k, v) -> {
                if (!k.equals("params")) {
                    g.options.put(k, v);
                }
            });
            for (int j = 0; j < ids.size(); j++) {
                Map<String, Object> s = savedState.get(((Number) ids.get(j)).intValue());
                if (s == null) {
                    continue;
                }
                Tensor p = g.params().get(j);
                Map<String, Object> restored = new LinkedHashMap<>();
                s.forEach((k, v) -> restored.put(k, v instanceof Tensor t ? cast(t.data(), p) : v));
                state.put(p, restored);
            }
        }
    }

    private static NDArray cast(NDArray saved, Tensor like) {
        NDArray a = saved.clone();
        if (a.dtype().isFloatingPoint() && like.dtype().isFloatingPoint() && a.dim() > 0) {
            a = a.to(like.dtype());
        }
        return a.to(like.device());
    }

    protected static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    protected static double num(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("option '" + key + "' must be a number, got " + v);
        }
        return n.doubleValue();
    }

    /** A zero state buffer shaped like the parameter. */
    protected static NDArray zerosLike(Tensor p) {
        return NDArray.zeros(p.shape(), p.dtype().isFloatingPoint() ? p.dtype() : DType.FLOAT32, p.device());
    }

    /** Advances and returns the per-parameter step counter kept in state under "step". */
    protected static long nextStep(Map<String, Object> state) {
        long step = state.get("step") instanceof Number n ? n.longValue() + 1 : 1;
        state.put("step", step);
        return step;
    }
}
