package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.i;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The sequence-model layers against PyTorch 1.13 (seq_golden.json, make_seq_golden.py): RNN, LSTM
 * and GRU (packed sequences as per-row lengths), LSTMCell and GRUCell, scaled dot-product
 * attention, MultiheadAttention, Transformer encoder/decoder layers and a Transformer encoder.
 * With explicit parameter values, every output and the gradients of every input and parameter for
 * fixed upstream gradients, in float32 and in float64 (tolerances at {@link #replay}); default
 * initialisation after the same seed, exactly; and a PyTorch state dict in safetensors that loads
 * and gives PyTorch's output.
 */
class SeqGoldenTest {
    @TestFactory
    List<DynamicNode> layersMatchPyTorch() {
        Map<String, List<DynamicNode>> byKind = new LinkedHashMap<>();
        for (Object o : list(Golden.seq().get("cases"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            List<DynamicNode> runs = new ArrayList<>();
            runs.add(DynamicTest.dynamicTest("float32", () -> Golden.named(id, () -> replay(c, DType.FLOAT32))));
            if (c.get("seed") == null) {
                runs.add(DynamicTest.dynamicTest("float64", () -> Golden.named(id, () -> replay(c, DType.FLOAT64))));
            }
            byKind.computeIfAbsent(id.substring(0, id.indexOf('/')), k -> new ArrayList<>())
                    .add(DynamicContainer.dynamicContainer(id, runs));
        }
        List<DynamicNode> out = new ArrayList<>();
        byKind.forEach((k, v) -> out.add(DynamicContainer.dynamicContainer(k, v)));
        return out;
    }

    /** The module of a case with the case's parameter values and mode (null for functional cases), in a dtype. */
    static Module module(Map<String, Object> c, DType dtype) {
        Module m = SeqSpecs.build(map(c.get("spec")));
        if (m != null) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            map(c.get("state")).forEach((k, v) -> state.put(k, tensor(v)));
            m.loadStateDict(state);
            m.to(dtype);
            m.train((Boolean) c.get("train"));
        }
        return m;
    }

    /** The tensors of a case by name, floating ones in a dtype; those named in "diff" require grad. */
    static Map<String, Tensor> args(Map<String, Object> c, DType dtype) {
        Map<String, Tensor> a = new LinkedHashMap<>();
        map(c.get("args")).forEach((k, v) -> {
            Tensor t = tensor(v);
            a.put(k, t.dtype().isFloatingPoint() ? t.to(dtype) : t);
        });
        for (Object k : list(c.get("diff"))) {
            a.get((String) k).requiresGrad_();
        }
        return a;
    }

    /** Gradients through attention and layer norm in float32: see {@link #replay}. */
    private static final double ATTENTION_GRAD_RTOL = 1e-4;
    private static final double ATTENTION_GRAD_ATOL = 2e-5;

    /**
     * One case in float32 or float64. The references are PyTorch's float64 results for the float32
     * inputs and parameters, rounded to float32. float64 must meet them within that rounding (rtol
     * 1e-6, atol 1e-9) everywhere; float32 within rtol 1e-5 / atol 1e-6, except the gradients of
     * the attention and Transformer cases, where softmax and layer-norm backward cancel so much that
     * PyTorch's own float32 misses the float64 answer by up to 8 times that (rtol 1e-4 / atol 2e-5).
     * The seeded dropout cases are PyTorch's float32 results, replayed in float32 after the same seed.
     */
    private static void replay(Map<String, Object> c, DType dtype) {
        boolean f32 = dtype == DType.FLOAT32;
        double rtol = f32 ? Golden.RTOL : 1e-6;
        double atol = f32 ? Golden.ATOL : 1e-9;
        Map<String, Object> spec = map(c.get("spec"));
        boolean attention = ((String) spec.get("type")).matches("MultiheadAttention|Transformer.*");
        double gradRtol = f32 && attention ? ATTENTION_GRAD_RTOL : rtol;
        double gradAtol = f32 && attention ? ATTENTION_GRAD_ATOL : atol;
        Module m = module(c, dtype);
        Map<String, Tensor> a = args(c, dtype);
        seed(c);
        Map<String, Tensor> outs = SeqSpecs.run(m, spec, a, map(c.get("opts")));
        Map<String, Object> expected = map(c.get("outs"));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(outs.keySet()), "outputs");
        expected.forEach((k, v) -> check(v, outs.get(k), rtol, atol, "output " + k));

        Tensor loss = null;
        for (var e : map(c.get("gouts")).entrySet()) {
            Tensor term = outs.get(e.getKey()).mul(tensor(e.getValue()).to(dtype)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        map(c.get("gin")).forEach((k, v) -> check(v, a.get(k).grad(), gradRtol, gradAtol, "gradient of input " + k));
        Map<String, Object> gp = map(c.get("gp"));
        if (m != null) {
            Map<String, Parameter> params = m.namedParameters();
            assertEquals(List.copyOf(gp.keySet()), List.copyOf(params.keySet()), "parameter names");
            gp.forEach((k, v) -> check(v, params.get(k).grad(), gradRtol, gradAtol, "gradient of " + k));
        }
    }

    /**
     * For the cases with dropout in training (float32 only, references computed by PyTorch in float32):
     * the seed PyTorch was given right before the call, so that Ravel draws the same masks.
     */
    static void seed(Map<String, Object> c) {
        if (c.get("seed") != null) {
            Ravel.manualSeed(i(c.get("seed")));
        }
    }

    /** Compared in float32 (the reference's dtype), so a float64 result is rounded once. */
    private static void check(Object expected, Tensor actual, double rtol, double atol, String what) {
        assertClose(expected, actual == null ? null : actual.to(DType.FLOAT32), rtol, atol, what);
    }

    /** Attention.sinusoidalPositionalEncoding is the PyTorch tutorial's table (odd widths included). */
    @Test
    void sinusoidalPositionalEncodingIsTheTutorialTable() {
        for (Object o : list(Golden.seq().get("positional_encoding"))) {
            Map<String, Object> c = map(o);
            int len = i(c.get("max_len"));
            int d = i(c.get("d_model"));
            assertClose(c.get("pe"), Attention.sinusoidalPositionalEncoding(len, d),
                    "positional encoding " + len + " x " + d);
        }
    }

    /**
     * After {@code Ravel.manualSeed(s)} each module, and a Linear built after it, has exactly the state
     * dict PyTorch gives after {@code torch.manual_seed(s)}: same keys in the same order, same values
     * bit for bit (so construction draws the same numbers in the same order, and no more).
     */
    @TestFactory
    List<DynamicNode> defaultInitIsPyTorchsAfterTheSameSeed() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(Golden.seq().get("default_init"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> {
                Ravel.manualSeed(i(c.get("seed")));
                List<Module> mods = new ArrayList<>();
                for (Object spec : list(c.get("specs"))) {
                    mods.add(SeqSpecs.build(map(spec)));
                }
                List<Object> states = list(c.get("states"));
                for (int k = 0; k < mods.size(); k++) {
                    Map<String, Tensor> mine = mods.get(k).stateDict();
                    Map<String, Object> theirs = map(states.get(k));
                    String what = mods.get(k).getClass().getSimpleName() + " (module " + k + ")";
                    assertEquals(List.copyOf(theirs.keySet()), List.copyOf(mine.keySet()), what + " state dict keys");
                    for (var e : theirs.entrySet()) {
                        assertClose(e.getValue(), mine.get(e.getKey()), 0, 0, what + " " + e.getKey());
                    }
                }
            })));
        }
        return out;
    }

    /**
     * seq_model.safetensors is PyTorch's state dict of SeqNet (embedding, two-layer bidirectional LSTM,
     * Transformer encoder layer, linear head), written from the format spec: it loads strictly into
     * Ravel's SeqNet, and the model gives PyTorch's output on the stored tokens and padding mask.
     */
    @Test
    void pyTorchSequenceModelLoadsFromSafetensors() throws IOException, URISyntaxException {
        Map<String, Object> c = map(Golden.seq().get("safetensors"));
        SeqNet net = new SeqNet();
        assertEquals(list(c.get("keys")), List.copyOf(net.stateDict().keySet()), "state dict keys");
        Path file = Path.of(SeqGoldenTest.class.getResource("/golden/seq_model.safetensors").toURI());
        Module.IncompatibleKeys r = Safetensors.loadModule(net, file, true);
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty(), r.toString());
        net.eval();
        try (var g = Ravel.noGrad()) {
            Tensor out = net.forward(tensor(c.get("tokens")), tensor(c.get("padding_mask")));
            assertClose(c.get("out"), out, "SeqNet output");
        }
    }
}
