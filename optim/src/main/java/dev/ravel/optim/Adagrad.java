package dev.ravel.optim;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adagrad: {@code s += g^2; p -= clr * g / (sqrt(s) + eps)} with {@code clr = lr / (1 + (step - 1) * lr_decay)}. */
public class Adagrad extends Optimizer {
    public Adagrad(List<? extends Tensor> params, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        super(single(params), defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps));
    }

    public Adagrad(List<? extends Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    private static Map<String, Object> defaults(double lr, double lrDecay, double wd, double init, double eps) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lr_decay", lrDecay);
        d.put("weight_decay", wd);
        d.put("initial_accumulator_value", init);
        d.put("eps", eps);
        d.put("maximize", false);
        return d;
    }

    @Override
    protected void validate(Map<String, Object> o) {
        require(num(o, "lr") >= 0, "Adagrad: Invalid learning rate: " + o.get("lr"));
        require(num(o, "lr_decay") >= 0, "Adagrad: Invalid lr_decay value: " + o.get("lr_decay"));
        require(num(o, "weight_decay") >= 0, "Adagrad: Invalid weight_decay value: " + o.get("weight_decay"));
        require(num(o, "initial_accumulator_value") >= 0, "Adagrad: Invalid initial_accumulator_value value: "
                + o.get("initial_accumulator_value"));
        require(num(o, "eps") >= 0, "Adagrad: Invalid epsilon value: " + o.get("eps"));
    }

    @Override
    protected void update(Tensor param, NDArray grad, ParamGroup g, Map<String, Object> state) {
        NDArray p = param.data();
        double wd = g.getDouble("weight_decay");
        NDArray g0 = g.getBoolean("maximize") ? grad.neg() : grad;
        NDArray d = wd != 0 ? g0.add(p, wd) : g0;
        NDArray sum = (NDArray) state.computeIfAbsent("sum",
                k -> zerosLike(param).fill_(g.getDouble("initial_accumulator_value")));
        long step = nextStep(state);
        double clr = g.lr() / (1 + (step - 1) * g.getDouble("lr_decay"));
        sum.addcmul_(d, d, 1);
        p.addcdivSqrt_(d, sum, -clr, 1, g.getDouble("eps"));
    }
}
