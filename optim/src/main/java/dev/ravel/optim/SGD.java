package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (dampening, Nesterov) and L2 weight decay,
 * PyTorch's update: {@code d = g + wd p; b = m b + (1 - dampening) d; d = nesterov ? d + m b : b; p -= lr d}.
 */
public class SGD extends Optimizer {
    public SGD(List<? extends Tensor> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        this(single(params), defaults(lr, momentum, dampening, weightDecay, nesterov));
    }

    public SGD(List<? extends Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    public SGD(List<? extends Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    private SGD(List<ParamGroupSpec> groups, Map<String, Object> defaults) {
        super(groups, defaults);
    }

    /** Several parameter groups, each with option overrides (e.g. {@code Map.of("lr", 1e-4)}). */
    public static SGD ofGroups(List<ParamGroupSpec> groups, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return new SGD(groups, defaults(lr, momentum, dampening, weightDecay, nesterov));
    }

    private static Map<String, Object> defaults(double lr, double momentum, double dampening, double weightDecay,
                                                boolean nesterov) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("dampening", dampening);
        d.put("weight_decay", weightDecay);
        d.put("nesterov", nesterov);
        d.put("maximize", false);
        return d;
    }

    @Override
    protected void validate(Map<String, Object> o) {
        require(num(o, "lr") >= 0, "SGD: Invalid learning rate: " + o.get("lr"));
        require(num(o, "momentum") >= 0, "SGD: Invalid momentum value: " + o.get("momentum"));
        require(num(o, "weight_decay") >= 0, "SGD: Invalid weight_decay value: " + o.get("weight_decay"));
        if (Boolean.TRUE.equals(o.get("nesterov"))) {
            require(num(o, "momentum") > 0 && num(o, "dampening") == 0,
                    "SGD: Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void update(Tensor param, NDArray grad, ParamGroup g, Map<String, Object> state) {
        NDArray p = param.data();
        double lr = g.lr();
        double momentum = g.getDouble("momentum");
        double wd = g.getDouble("weight_decay");
        NDArray d = g.getBoolean("maximize") ? grad.neg() : grad;
        if (wd != 0) {
            d = d.add(p, wd);
        }
        if (momentum != 0) {
            NDArray buf = (NDArray) state.get("momentum_buffer");
            if (buf == null) {
                buf = d.clone();
                state.put("momentum_buffer", buf);
            } else {
                buf.mul_(momentum).add_(d, 1 - g.getDouble("dampening"));
            }
            d = g.getBoolean("nesterov") ? d.add(buf, momentum) : buf;
        }
        p.add_(d, -lr);
    }
}
