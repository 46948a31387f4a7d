package dev.ravel.optim;

import static dev.ravel.optim.testing.OptimGolden.d;
import static dev.ravel.optim.testing.OptimGolden.list;
import static dev.ravel.optim.testing.OptimGolden.map;
import static dev.ravel.optim.testing.OptimGolden.option;

import dev.ravel.Tensor;
import dev.ravel.optim.testing.OptimGolden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed problem of the optimizer trajectories in optim_golden.json, and optimizers built from
 * the PyTorch options recorded there.
 */
final class GoldenProblem {
    final Tensor w;
    final Tensor b;
    private final Tensor x;
    private final Tensor y;

    GoldenProblem() {
        Map<String, Object> p = map(OptimGolden.get().get("problem"));
        w = OptimGolden.tensor(p.get("w")).requiresGrad_();
        b = OptimGolden.tensor(p.get("b")).requiresGrad_();
        x = OptimGolden.tensor(p.get("x"));
        y = OptimGolden.tensor(p.get("y"));
    }

    /** sum((x w^T + b - y)^2) / 6, as objective() in the script. */
    Tensor loss() {
        return x.matmul(w.t()).add(b).sub(y).pow(2).sum().div(6.0);
    }

    /** zeroGrad, loss, backward, step. */
    void step(Optimizer opt) {
        opt.zeroGrad();
        loss().backward();
        opt.step();
    }

    List<Tensor> params() {
        return List.of(w, b);
    }

    static double num(Map<String, Object> o, String key, double dflt) {
        return o.containsKey(key) ? d(o.get(key)) : dflt;
    }

    static boolean flag(Map<String, Object> o, String key) {
        return Boolean.TRUE.equals(o.get(key));
    }

    /** The optimizer a golden trajectory used, on this problem's parameters. */
    Optimizer build(Map<String, Object> c) {
        Map<String, Object> o = map(c.get("options"));
        double lr = d(o.get("lr"));
        String name = (String) c.get("optimizer");
        List<ParamGroupSpec> specs = new ArrayList<>();
        if (c.get("groups") == null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (flag(o, "maximize")) {
                extra.put("maximize", true);
            }
            specs.add(ParamGroupSpec.of(params(), extra));
        } else {
            List<Object> groups = list(c.get("groups"));
            for (int k = 0; k < 2; k++) {
                Map<String, Object> overrides = new LinkedHashMap<>();
                map(groups.get(k)).forEach((key, v) -> overrides.put(key, option(v)));
                specs.add(ParamGroupSpec.of(List.of(params().get(k)), overrides));
            }
        }
        double wd = num(o, "weight_decay", 0);
        double beta1 = o.containsKey("betas") ? d(list(o.get("betas")).get(0)) : 0.9;
        double beta2 = o.containsKey("betas") ? d(list(o.get("betas")).get(1)) : 0.999;
        Optimizer opt = switch (name) {
            case "SGD" -> SGD.ofGroups(specs, lr, num(o, "momentum", 0), num(o, "dampening", 0), wd, flag(o, "nesterov"));
            case "Adam" -> Adam.ofGroups(specs, lr, beta1, beta2, num(o, "eps", 1e-8), wd, flag(o, "amsgrad"));
            case "AdamW" -> AdamW.ofGroups(specs, lr, beta1, beta2, num(o, "eps", 1e-8), num(o, "weight_decay", 0.01),
                    flag(o, "amsgrad"));
            case "RMSprop" -> new RMSprop(params(), lr, num(o, "alpha", 0.99), num(o, "eps", 1e-8), wd,
                    num(o, "momentum", 0), flag(o, "centered"));
            case "Adagrad" -> new Adagrad(params(), lr, num(o, "lr_decay", 0), wd, num(o, "initial_accumulator_value", 0),
                    num(o, "eps", 1e-10));
            default -> throw new IllegalArgumentException(name);
        };
        if (flag(o, "maximize") && (name.equals("RMSprop") || name.equals("Adagrad"))) {
            // Their constructors take no groups or maximize flag; the option is set on the group.
            opt.paramGroups().forEach(g -> g.set("maximize", true));
        }
        return opt;
    }
}
