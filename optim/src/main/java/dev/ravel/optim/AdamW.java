package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.Map;

/** Adam with decoupled weight decay: {@code p *= 1 - lr * wd} before the Adam step (default wd 0.01). */
public class AdamW extends Optimizer {
    public AdamW(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        this(single(params), AdamMoments.defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    public AdamW(List<? extends Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    public AdamW(List<? extends Tensor> params, double lr) {
        this(params, lr, 0.01);
    }

    private AdamW(List<ParamGroupSpec> groups, Map<String, Object> defaults) {
        super(groups, defaults);
    }

    /** Several parameter groups, each with option overrides (e.g. {@code Map.of("lr", 1e-4)}). */
    public static AdamW ofGroups(List<ParamGroupSpec> groups, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        return new AdamW(groups, AdamMoments.defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
    }

    @Override
    protected void validate(Map<String, Object> o) {
        AdamMoments.validate(o, "AdamW");
    }

    @Override
    protected void update(Tensor param, NDArray grad, ParamGroup g, Map<String, Object> state) {
        NDArray p = param.data();
        p.mul_(1 - g.lr() * g.getDouble("weight_decay"));
        AdamMoments.apply(p, g.getBoolean("maximize") ? grad.neg() : grad, g, state, param);
    }
}
