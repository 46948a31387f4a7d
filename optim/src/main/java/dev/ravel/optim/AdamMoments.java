package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.Map;

/**
 * The moment update and bias-corrected step shared by Adam and AdamW (they differ only in weight
 * decay): one fused pass ({@code NDArray.adamStep_}) when the tensors allow, else three in-place ops
 * (amsgrad, or a gradient of another dtype or layout).
 */
final class AdamMoments {
    private AdamMoments() {
    }

    static void apply(NDArray p, NDArray grad, Optimizer.ParamGroup g, Map<String, Object> state, Tensor param) {
        double lr = g.lr();
        double beta1 = g.getDouble("beta1");
        double beta2 = g.getDouble("beta2");
        double eps = g.getDouble("eps");
        boolean amsgrad = g.getBoolean("amsgrad");
        NDArray m = (NDArray) state.computeIfAbsent("exp_avg", k -> Optimizer.zerosLike(param));
        NDArray v = (NDArray) state.computeIfAbsent("exp_avg_sq", k -> Optimizer.zerosLike(param));
        long step = Optimizer.nextStep(state);
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (!amsgrad && NDArray.adamStepApplies(p, grad, m, v)) {
            p.adamStep_(grad, m, v, beta1, beta2, -lr / bc1, 1 / bc2Sqrt, eps);
            return;
        }
        m.lerp_(grad, 1 - beta1);
        v.mulAddcmul_(beta2, grad, grad, 1 - beta2);
        NDArray second = v;
        if (amsgrad) {
            NDArray max = (NDArray) state.computeIfAbsent("max_exp_avg_sq", k -> Optimizer.zerosLike(param));
            max.maximum_(v);
            second = max;
        }
        // p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps), in one pass.
        p.addcdivSqrt_(m, second, -lr / bc1, 1 / bc2Sqrt, eps);
    }

    static void validate(Map<String, Object> o, String name) {
        Optimizer.require(Optimizer.num(o, "lr") >= 0, name + ": Invalid learning rate: " + o.get("lr"));
        Optimizer.require(Optimizer.num(o, "eps") >= 0, name + ": Invalid epsilon value: " + o.get("eps"));
        double b1 = Optimizer.num(o, "beta1");
        double b2 = Optimizer.num(o, "beta2");
        Optimizer.require(b1 >= 0 && b1 < 1, name + ": Invalid beta parameter at index 0: " + b1);
        Optimizer.require(b2 >= 0 && b2 < 1, name + ": Invalid beta parameter at index 1: " + b2);
        Optimizer.require(Optimizer.num(o, "weight_decay") >= 0, name + ": Invalid weight_decay value: "
                + o.get("weight_decay"));
    }

    static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps, double weightDecay,
                                        boolean amsgrad) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("lr", lr);
        d.put("beta1", beta1);
        d.put("beta2", beta2);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad);
        d.put("maximize", false);
        return d;
    }
}
