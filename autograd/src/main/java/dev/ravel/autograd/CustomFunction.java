package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * A user-defined differentiable op, like {@code torch.autograd.Function}: {@link #forward} runs
 * with grad mode off and may save tensors on the context; {@link #backward} maps output gradients
 * to input gradients.
 *
 * <pre>{@code
 * class Cube extends CustomFunction {
 *     protected Tensor[] forward(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return new Tensor[] {in[0].pow(3)};
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor... grads) {
 *         Tensor x = ctx.savedTensors()[0];
 *         return new Tensor[] {grads[0].mul(x.square().mul(3))};
 *     }
 * }
 * Tensor y = new Cube().apply(x)[0];
 * }</pre>
 */
public abstract class CustomFunction {

    /** What forward leaves for backward. */
    public static final class Context {
        private final boolean[] needsInputGrad;
        private Tensor[] toSave = new Tensor[0];
        private Tensor[] saved;
        private final java.util.Set<Tensor> nonDifferentiable = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private final Map<String, Object> values = new HashMap<>();

        Context(boolean[] needsInputGrad) {
            this.needsInputGrad = needsInputGrad;
        }

        /** Tensors (inputs or outputs) backward will need; they are version-checked when unpacked. */
        public void saveForBackward(Tensor... tensors) {
            toSave = tensors.clone();
        }

        /** The saved tensors, in backward. */
        public Tensor[] savedTensors() {
            if (saved == null) {
                throw new IllegalStateException("savedTensors: only available in backward");
            }
            return saved;
        }

        public boolean needsInputGrad(int i) {
            return needsInputGrad[i];
        }

        /** Outputs (such as indices) that never carry a gradient. */
        public void markNonDifferentiable(Tensor... outputs) {
            nonDifferentiable.addAll(java.util.List.of(outputs));
        }

        /** Non-tensor values for backward (shapes, flags). */
        public void put(String key, Object value) {
            values.put(key, value);
        }

        @SuppressWarnings("unchecked")
        public <T> T get(String key) {
            return (T) values.get(key);
        }
    }

    protected abstract Tensor[] forward(Context ctx, Tensor... inputs);

    /** One gradient per input (null where none); receives one gradient per output (zeros where none). */
    protected abstract Tensor[] backward(Context ctx, Tensor... gradOutputs);

    /** Runs forward and records the op. */
    public final Tensor[] apply(Tensor... inputs) {
        boolean[] needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = inputs[i] != null && inputs[i].requiresGrad();
        }
        Context ctx = new Context(needs);
        Tensor[] outs;
        try (var g = GradMode.disable()) {
            outs = forward(ctx, inputs);
        }
        if (!Autograd.needsGraph(inputs)) {
            return outs;
        }
        NDArray[] results = new NDArray[outs.length];
        boolean[] differentiable = new boolean[outs.length];
        for (int i = 0; i < outs.length; i++) {
            results[i] = outs[i].data();
            differentiable[i] = !ctx.nonDifferentiable.contains(outs[i]) && outs[i].dtype().isFloatingPoint();
        }
        Tensor[] toSave = new Tensor[ctx.toSave.length];
        for (int i = 0; i < toSave.length; i++) {
            Tensor t = ctx.toSave[i];
            toSave[i] = t;
            for (int o = 0; o < outs.length; o++) {
                if (outs[o] == t) {
                    toSave[i] = Autograd.outputRef(o);
                }
            }
        }
        String name = getClass().getSimpleName().isEmpty() ? "custom_function" : getClass().getSimpleName();
        return Autograd.recordMulti(name, results, differentiable, inputs, toSave, (grads, saved) -> {
            ctx.saved = saved;
            return backward(ctx, grads);
        }, true);
    }
}
