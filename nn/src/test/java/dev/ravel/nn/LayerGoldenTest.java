package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ravel.Ravel;
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
 * Every layer configuration of nn_golden.json against PyTorch 1.13: with explicit parameter and
 * buffer values loaded through loadStateDict, the forward output, the gradients of the input and
 * of every parameter for a fixed upstream gradient, and the buffers afterwards (batch-norm running
 * statistics and num_batches_tracked), float32 within rtol 1e-5 / atol 1e-6.
 */
class LayerGoldenTest {
    @TestFactory
    List<DynamicNode> layersMatchPyTorch() {
        Map<String, List<DynamicNode>> byKind = new LinkedHashMap<>();
        for (Object o : list(Golden.nn().get("layers"))) {
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
        Module m = ModuleSpecs.build(map(c.get("spec")));
        Map<String, Tensor> state = new LinkedHashMap<>();
        map(c.get("state")).forEach((k, v) -> state.put(k, tensor(v)));
        m.loadStateDict(state);
        m.train((Boolean) c.get("train"));
        try (var g = Ravel.noGrad()) {
            for (Object pre : list(c.get("pre"))) {
                m.forward(tensor(pre));
            }
        }
        Tensor x = tensor(c.get("x"));
        if (x.dtype().isFloatingPoint()) {
            x.requiresGrad_();
        }
        Tensor out = m.forward(x);
        assertClose(c.get("out"), out, "output");
        out.backward(tensor(c.get("go")));
        if (c.get("gx") != null) {
            assertClose(c.get("gx"), x.grad(), "input gradient");
        }
        Map<String, Object> gp = map(c.get("gp"));
        Map<String, Parameter> params = m.namedParameters();
        assertEquals(List.copyOf(gp.keySet()), List.copyOf(params.keySet()), "parameter names");
        gp.forEach((k, v) -> assertClose(v, params.get(k).grad(), "gradient of " + k));
        Map<String, Object> buffers = map(c.get("buffers"));
        Map<String, Tensor> mine = m.namedBuffers();
        assertEquals(List.copyOf(buffers.keySet()), List.copyOf(mine.keySet()), "buffer names");
        buffers.forEach((k, v) -> assertClose(v, mine.get(k), "buffer " + k + " after the forward"));
    }
}
