package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;

import dev.ravel.Tensor;
import dev.ravel.autograd.Gradcheck;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Gradcheck (float64 central differences) of every golden layer configuration with respect to its
 * input and all its parameters: the module is converted with {@code to(FLOAT64)}, and the
 * parameters are passed to Gradcheck as inputs, so it perturbs them in place.
 */
class LayerGradcheckTest {
    @TestFactory
    List<DynamicNode> layerGradientsMatchFiniteDifferences() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(Golden.nn().get("layers"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> check(c))));
        }
        return out;
    }

    private static void check(Map<String, Object> c) {
        Map<String, Object> spec = map(c.get("spec"));
        if (spec.get("padding_idx") != null) {
            // The padding row's gradient is zero by convention, not by calculus (LayerGoldenTest
            // checks it against PyTorch); finite differences see the row used.
            return;
        }
        Module m = ModuleSpecs.build(spec);
        Map<String, Tensor> state = new LinkedHashMap<>();
        map(c.get("state")).forEach((k, v) -> state.put(k, tensor(v)));
        m.loadStateDict(state);
        m.to(DType.FLOAT64);
        m.train((Boolean) c.get("train"));
        Tensor x = tensor(c.get("x"));
        List<Tensor> inputs = new ArrayList<>();
        if (x.dtype().isFloatingPoint()) {
            x = x.to(DType.FLOAT64);
            if (((String) c.get("id")).startsWith("activation/")) {
                // The first row holds 0 and +-1e-4, where ReLU-like kinks defeat finite differences.
                x = x.narrow(0, 1, x.size(0) - 1).contiguous();
            }
            inputs.add(x.requiresGrad_());
        } else {
            inputs.add(x);
        }
        inputs.addAll(m.parameters());
        if (inputs.stream().noneMatch(t -> t.requiresGrad())) {
            return;
        }
        Gradcheck.check(in -> m.forward(in[0]), inputs.toArray(new Tensor[0]));
    }
}
