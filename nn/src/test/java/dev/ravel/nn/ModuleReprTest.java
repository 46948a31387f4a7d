package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ravel.nn.testing.Golden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code toString()} equals PyTorch 1.13's {@code str(module)}, expected strings from make_nn_golden.py. */
class ModuleReprTest {
    private static final Map<String, Supplier<Module>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("seed_mlp", ModuleSpecs::seedMlp);
        MODELS.put("seed_cnn", ModuleSpecs::seedCnn);
        MODELS.put("mixed", MixedNet::new);
        MODELS.put("conv2d_same", () -> new Conv2d(2, 4, new int[] {2, 4}, "same", new int[] {1, 1}, 1, true));
        MODELS.put("conv2d_valid", () -> new Conv2d(2, 4, new int[] {3, 3}, "valid", new int[] {1, 1}, 1, true));
        MODELS.put("conv2d_full", () -> new Conv2d(4, 8, new int[] {3, 5}, new int[] {2, 1}, new int[] {1, 2},
                new int[] {2, 1}, 2, false));
        MODELS.put("conv1d", () -> new Conv1d(3, 6, 3, 2, 1, 2, 3, false));
        MODELS.put("conv1d_plain", () -> new Conv1d(3, 6, 5));
        MODELS.put("maxpool_ceil", () -> new MaxPool2d(3, 2, 1, 2, true));
        MODELS.put("avgpool", () -> new AvgPool2d(3, 2, 1, false, true, 0));
        MODELS.put("adaptive_2", () -> new AdaptiveAvgPool2d(2));
        MODELS.put("adaptive_2_3", () -> new AdaptiveAvgPool2d(2, 3));
        MODELS.put("batchnorm1d", () -> new BatchNorm1d(3, 1e-3, Double.NaN, false, true));
        MODELS.put("batchnorm2d_no_track", () -> new BatchNorm2d(5, 1e-5, 0.2, true, false));
        MODELS.put("layernorm_2d", () -> new LayerNorm(new int[] {3, 4}, 1e-6, false, true));
        MODELS.put("groupnorm", () -> new GroupNorm(2, 6));
        MODELS.put("embedding", () -> new Embedding(10, 3));
        MODELS.put("embedding_pad", () -> new Embedding(10, 3, -1));
        MODELS.put("activations", () -> new Sequential(new ReLU(), new LeakyReLU(), new ELU(0.5), new GELU("tanh"),
                new SiLU(), new Mish(), new Tanh(), new Sigmoid(), new Softmax(1), new LogSoftmax(-1), new Identity(),
                new Dropout(), new Unflatten(1, 2, 3), new Flatten(0, 2)));
        MODELS.put("containers", () -> new Sequential(new ModuleList(new Linear(2, 2), new Sequential(new ReLU())),
                new ModuleDict().put("a", new Tanh()).put("b", new Linear(2, 1, false))));
        MODELS.put("losses", () -> new ModuleList(new CrossEntropyLoss(), new NLLLoss(), new MSELoss(), new L1Loss(),
                new HuberLoss(), new SmoothL1Loss(), new BCELoss(), new BCEWithLogitsLoss(), new KLDivLoss()));
    }

    @TestFactory
    List<DynamicTest> toStringEqualsPyTorchsStr() {
        Map<String, Object> expected = map(Golden.nn().get("repr"));
        List<DynamicTest> out = new ArrayList<>();
        MODELS.forEach((name, make) -> out.add(DynamicTest.dynamicTest(name,
                () -> assertEquals(expected.get(name), make.get().toString(), name))));
        return out;
    }

    @Test
    void numbersPrintAsPythonsRepr() {
        for (Object o : list(map(Golden.nn().get("repr")).get("floats"))) {
            List<Object> pair = list(o);
            assertEquals(pair.get(1), PyRepr.number(d(pair.get(0))), "repr of " + pair.get(0));
        }
    }
}
