package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.Map;

/** Adam with L2 weight decay added to the gradient (PyTorch's Adam; for decoupled decay use {@link AdamW}). */
public class Adam extends Optimizer {
    public Adam(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this(single(params), AdamMoments.defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    public Adam(List<? extends Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(List<? extends Tensor> params) {
        this(params, 1e-3);
    }

    private Adam(List<ParamGroupSpec> groups, Map<String, Object> defaults) {
        super(groups, defaults);
    }

    /** Several parameter groups, each with option overrides (e.g. {@code Map.of("lr", 1e-4)}). */
    public static Adam ofGroups(List<ParamGroupSpec> groups, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        return new Adam(groups, AdamMoments.defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    @Override
    protected void validate(Map<String, Object> o) {
        AdamMoments.validate(o, "Adam");
    }

    @Override
    protected void update(Tensor param, NDArray grad, ParamGroup g, Map<String, Object> state) {
        NDArray d = g.getBoolean("maximize") ? grad.neg() : grad;
        double wd = g.getDouble("weight_decay");
        if (wd != 0) {
            d = d.add(param.data(), wd);
        }
        AdamMoments.apply(param.data(), d, g, state, param);
    }
}
