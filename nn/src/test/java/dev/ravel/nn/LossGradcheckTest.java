package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;

import dev.ravel.Tensor;
import dev.ravel.autograd.Gradcheck;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Gradcheck (float64) of every golden loss configuration with respect to its input and, for float
 * targets that PyTorch differentiates too (nonzero KL targets), its target.
 */
class LossGradcheckTest {
    @TestFactory
    List<DynamicNode> lossGradientsMatchFiniteDifferences() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(Golden.nn().get("losses"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> check(c))));
        }
        return out;
    }

    /** Losses whose backward is a closed form (fused cross-entropy, BCE, BCE with logits) are twice differentiable too. */
    @TestFactory
    List<DynamicNode> closedFormBackwardsHaveSecondDerivatives() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(Golden.nn().get("losses"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            if (id.endsWith("_sum") && (id.startsWith("cross_entropy/") || id.startsWith("bce/")
                    || id.startsWith("bce_logits/")) && !id.contains("saturated")) {
                out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> {
                    Loss loss = ModuleSpecs.buildLoss(map(c.get("spec")), DType.FLOAT64);
                    Tensor x = tensor(c.get("x")).to(DType.FLOAT64).requiresGrad_();
                    Tensor target = tensor(c.get("target"));
                    Tensor t = target.dtype().isFloatingPoint() ? target.to(DType.FLOAT64) : target;
                    Gradcheck.gradgradcheck(in -> loss.forward(in[0], t), x);
                })));
            }
        }
        return out;
    }

    private static void check(Map<String, Object> c) {
        if (((String) c.get("id")).contains("saturated")) {
            // Probabilities of exactly 0 and 1: no finite difference stays in [0, 1], and the
            // gradient there is PyTorch's clamped formula, not a derivative (LossGoldenTest checks it).
            return;
        }
        Loss loss = ModuleSpecs.buildLoss(map(c.get("spec")), DType.FLOAT64);
        Tensor x = tensor(c.get("x")).to(DType.FLOAT64).requiresGrad_();
        Tensor target = tensor(c.get("target"));
        if (target.dtype().isFloatingPoint()) {
            target = target.to(DType.FLOAT64);
            if (c.get("gt") != null) {
                target.requiresGrad_();
            }
        }
        Gradcheck.check(in -> loss.forward(in[0], in[1]), x, target);
    }
}
