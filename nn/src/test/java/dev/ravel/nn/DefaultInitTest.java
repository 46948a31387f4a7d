package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.i;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * After {@code Ravel.manualSeed(s)} a layer initialises to exactly the values PyTorch gives after
 * {@code torch.manual_seed(s)} (Ravel's generator reproduces PyTorch's CPU mt19937 stream and its
 * uniform/normal transforms), and a dropout layer in training draws exactly PyTorch's mask.
 */
class DefaultInitTest {
    private static Map<String, Object> golden() {
        return map(Golden.nn().get("default_init"));
    }

    @TestFactory
    List<DynamicNode> layersInitialiseAsPyTorchAfterTheSameSeed() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(golden().get("modules"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> Golden.named(id, () -> {
                Ravel.manualSeed(i(c.get("seed")));
                List<Module> mods = new ArrayList<>();
                for (Object spec : list(c.get("specs"))) {
                    mods.add(ModuleSpecs.build(map(spec)));
                }
                List<Object> states = list(c.get("states"));
                for (int k = 0; k < mods.size(); k++) {
                    Map<String, Tensor> mine = mods.get(k).stateDict();
                    Map<String, Object> theirs = map(states.get(k));
                    assertEquals(List.copyOf(theirs.keySet()), List.copyOf(mine.keySet()), "state dict keys");
                    for (var e : theirs.entrySet()) {
                        assertClose(e.getValue(), mine.get(e.getKey()), 0, 0, "module " + k + " " + e.getKey());
                    }
                }
            })));
        }
        return out;
    }

    @TestFactory
    List<DynamicNode> seedModelsHaveIdenticalStateDictsAfterTheSameSeed() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(golden().get("models"))) {
            Map<String, Object> c = map(o);
            String name = c.get("model") + " seed " + i(c.get("seed"));
            Supplier<Module> make = c.get("model").equals("seed_mlp") ? ModuleSpecs::seedMlp : ModuleSpecs::seedCnn;
            out.add(DynamicTest.dynamicTest(name, () -> Golden.named(name, () -> {
                Ravel.manualSeed(i(c.get("seed")));
                Map<String, Tensor> mine = make.get().stateDict();
                Map<String, Object> theirs = map(c.get("state"));
                assertEquals(List.copyOf(theirs.keySet()), List.copyOf(mine.keySet()), "state dict keys");
                for (var e : theirs.entrySet()) {
                    Map<String, Object> t = map(e.getValue());
                    Tensor v = mine.get(e.getKey());
                    assertArrayEquals(Golden.ints(t.get("shape")), v.shape(), e.getKey() + " shape");
                    assertClose(t.get("head"), v.reshape(-1).narrow(0, 0, 8), 0, 0, e.getKey() + " first values");
                    assertEquals(d(t.get("sum")), v.data().to(DType.FLOAT64).sum().item(), 1e-9 * v.numel(),
                            e.getKey() + " sum");
                    assertEquals(t.get("sha256"), sha256(v), e.getKey() + ": the float32 bytes differ from PyTorch's");
                }
            })));
        }
        return out;
    }

    @TestFactory
    List<DynamicNode> dropoutDrawsPyTorchsMaskAfterTheSameSeed() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(golden().get("dropout"))) {
            Map<String, Object> c = map(o);
            String name = "seed " + i(c.get("seed")) + " p " + d(c.get("p"));
            out.add(DynamicTest.dynamicTest(name, () -> Golden.named(name, () -> {
                Tensor x = tensor(c.get("x"));
                Ravel.manualSeed(i(c.get("seed")));
                Dropout dropout = new Dropout(d(c.get("p")));
                dropout.train();
                assertClose(c.get("out"), dropout.forward(x), 0, 0, "dropout output");
            })));
        }
        return out;
    }

    /** Construction then a training forward of the seed MLP: init draws, then input, then both dropout masks. */
    @Test
    void seedMlpTrainingForwardMatchesPyTorch() {
        Map<String, Object> c = map(golden().get("mlp_train_forward"));
        Ravel.manualSeed(i(c.get("seed")));
        Sequential mlp = ModuleSpecs.seedMlp();
        Tensor x = Ravel.rand(3, 1, 28, 28);
        assertClose(c.get("x_head"), x.reshape(-1).narrow(0, 0, 8), 0, 0, "input");
        assertEquals(c.get("x_sha256"), sha256(x), "input bytes");
        mlp.train();
        assertClose(c.get("out"), mlp.forward(x), "output");
    }

    static String sha256(Tensor t) {
        float[] f = t.contiguous().toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
