package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;

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
 * Gradcheck (float64 central differences) of every sequence-model case of seq_golden.json: RNN,
 * LSTM and GRU (lengths, initial states, bidirectional, two layers, unbatched), the cells, scaled
 * dot-product attention, MultiheadAttention and the Transformer layers (dropout 0), with respect to
 * the case's inputs (initial states included) and every parameter. All outputs of a case (output
 * sequence, h_n, c_n; attention weights) are checked at once, flattened and concatenated. The cases
 * with dropout in training reseed before every call, so that each sees the same masks.
 */
class SeqGradcheckTest {
    @TestFactory
    List<DynamicNode> sequenceLayerGradientsMatchFiniteDifferences() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(Golden.seq().get("cases"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> check(c))));
        }
        return out;
    }

    private static void check(Map<String, Object> c) {
        Module m = SeqGoldenTest.module(c, DType.FLOAT64);
        Map<String, Tensor> a = SeqGoldenTest.args(c, DType.FLOAT64);
        Map<String, Object> spec = map(c.get("spec"));
        Map<String, Object> opts = map(c.get("opts"));
        List<Tensor> inputs = new ArrayList<>();
        for (Object k : list(c.get("diff"))) {
            inputs.add(a.get((String) k));
        }
        if (m != null) {
            inputs.addAll(m.parameters());
        }
        // The inputs are the case's own tensors and the module's parameters, perturbed in place.
        Gradcheck.check(in -> {
            SeqGoldenTest.seed(c);  // dropout in training: the same masks on every call
            List<Tensor> flat = new ArrayList<>();
            for (Tensor t : SeqSpecs.run(m, spec, a, opts).values()) {
                flat.add(t.reshape(-1));
            }
            return Tensor.cat(flat, 0);
        }, inputs.toArray(new Tensor[0]));
    }
}
