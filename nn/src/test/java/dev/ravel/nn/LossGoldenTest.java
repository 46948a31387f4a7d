package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;

import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss configuration of nn_golden.json against PyTorch 1.13 (reductions none/mean/sum and
 * batchmean; class weights, ignore_index, label smoothing, probability targets and [N, C, d...]
 * inputs for cross-entropy; NLL weights and ignore; pos_weight; log_target; Huber delta; SmoothL1
 * beta): the loss, the input gradient and, where PyTorch gives one, the target gradient.
 */
class LossGoldenTest {
    @TestFactory
    List<DynamicNode> lossesMatchPyTorch() {
        Map<String, List<DynamicNode>> byKind = new LinkedHashMap<>();
        for (Object o : list(Golden.nn().get("losses"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            byKind.computeIfAbsent(id.substring(0, id.indexOf('/')), k -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> replay(c))));
        }
        List<DynamicNode> out = new ArrayList<>();
        byKind.forEach((k, v) -> out.add(DynamicContainer.dynamicContainer(k, v)));
        return out;
    }

    private static void replay(Map<String, Object> c) {
        Loss loss = ModuleSpecs.buildLoss(map(c.get("spec")));
        Tensor x = tensor(c.get("x")).requiresGrad_();
        Tensor target = tensor(c.get("target"));
        boolean targetGrad = c.get("gt") != null;
        if (targetGrad) {
            target.requiresGrad_();
        }
        Tensor out = loss.forward(x, target);
        assertClose(c.get("out"), out, "loss");
        out.backward(tensor(c.get("go")));
        assertClose(c.get("gx"), x.grad(), "input gradient");
        if (targetGrad) {
            assertClose(c.get("gt"), target.grad(), "target gradient");
        }
    }
}
