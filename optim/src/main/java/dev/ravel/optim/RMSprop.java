package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop: {@code s = a s + (1 - a) g^2}, optionally centred by the running mean of g, then a
 * plain or momentum step of {@code g / (sqrt(s) + eps)}.
 */
public class RMSprop extends Optimizer {
    public RMSprop(List<? extends Tensor> params, double lr, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super(single(params), defaults(lr, alpha, eps, weightDecay, momentum, centered));
    }

    public RMSprop(List<? extends Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    private static Map<String, Object> defaults(double lr, double alpha, double eps, double weightDecay, double momentum,
                                                boolean centered) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", alpha);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("momentum", momentum);
        d.put("centered", centered);
        d.put("maximize", false);
        return d;
    }

    @Override
    protected void validate(Map<String, Object> o) {
        require(num(o, "lr") >= 0, "RMSprop: Invalid learning rate: " + o.get("lr"));
        require(num(o, "eps") >= 0, "RMSprop: Invalid epsilon value: " + o.get("eps"));
        require(num(o, "momentum") >= 0, "RMSprop: Invalid momentum value: " + o.get("momentum"));
        require(num(o, "weight_decay") >= 0, "RMSprop: Invalid weight_decay value: " + o.get("weight_decay"));
        require(num(o, "alpha") >= 0, "RMSprop: Invalid alpha value: " + o.get("alpha"));
    }

    @Override
    protected void update(Tensor param, NDArray grad, ParamGroup g, Map<String, Object> state) {
        NDArray p = param.data();
        double alpha = g.getDouble("alpha");
        double wd = g.getDouble("weight_decay");
        double momentum = g.getDouble("momentum");
        NDArray g0 = g.getBoolean("maximize") ? grad.neg() : grad;
        NDArray d = wd != 0 ? g0.add(p, wd) : g0;
        nextStep(state);
        NDArray sq = (NDArray) state.computeIfAbsent("square_avg", k -> zerosLike(param));
        sq.mulAddcmul_(alpha, d, d, 1 - alpha);
        NDArray second = sq;
        if (g.getBoolean("centered")) {
            NDArray ga = (NDArray) state.computeIfAbsent("grad_avg", k -> zerosLike(param));
            ga.lerp_(d, 1 - alpha);
            second = sq.sub(ga.mul(ga));
        }
        double eps = g.getDouble("eps");
        if (momentum > 0) {
            NDArray buf = (NDArray) state.computeIfAbsent("momentum_buffer", k -> zerosLike(param));
            buf.mul_(momentum).addcdivSqrt_(d, second, 1, 1, eps);
            p.add_(buf, -g.lr());
        } else {
            p.addcdivSqrt_(d, second, -g.lr(), 1, eps);
        }
    }
}
