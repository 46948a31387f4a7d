package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Module behaviour of the sequence layers beyond their numbers: replaced (tied) parameters are the
 * ones the cells and attention compute with, and the layers of a TransformerEncoder are independent
 * copies of the given layer that draw no random numbers.
 */
class SeqModuleTest {
    /**
     * After every parameter of module {@code a} is replaced (setParameter) by a copy of module
     * {@code b}'s, {@code a} computes what {@code b} computes, and the gradient reaches the new
     * parameters.
     */
    private static <M extends Module> void followsReplacedParameters(M a, M b, Function<M, Tensor> forward) {
        for (var e : b.namedParameters().entrySet()) {
            String name = e.getKey();
            Module owner = a;
            int dot = name.lastIndexOf('.');
            if (dot >= 0) {
                owner = a.namedModules().get(name.substring(0, dot));
            }
            owner.setParameter(name.substring(dot + 1), Parameter.of(e.getValue().detach().clone()));
        }
        Tensor expected = forward.apply(b);
        Tensor actual = forward.apply(a);
        assertTrue(expected.allclose(actual, 0, 0), "the module computes with the replaced parameters: " + actual
                + " vs " + expected);
        actual.sum().backward();
        for (var e : a.namedParameters().entrySet()) {
            assertTrue(e.getValue().grad() != null, "gradient of the replaced " + e.getKey());
        }
    }

    @Test
    void cellsAndAttentionComputeWithReplacedParameters() {
        Ravel.manualSeed(1);
        Tensor x = Ravel.randn(3, 4);
        Tensor h = Ravel.randn(3, 5);
        followsReplacedParameters(new LSTMCell(4, 5), new LSTMCell(4, 5),
                m -> m.forward(x, new LSTMCell.State(h, h)).c());
        followsReplacedParameters(new GRUCell(4, 5), new GRUCell(4, 5), m -> m.forward(x, h));
        Tensor q = Ravel.randn(2, 3, 6);
        Tensor kv = Ravel.randn(2, 4, 5);
        followsReplacedParameters(new MultiheadAttention(6, 2, 0, true, 0, 0, true),
                new MultiheadAttention(6, 2, 0, true, 0, 0, true), m -> m.forward(q, q, q).output());
        followsReplacedParameters(new MultiheadAttention(6, 3, 0, true, 5, 5, true),
                new MultiheadAttention(6, 3, 0, true, 5, 5, true), m -> m.forward(q, kv, kv).output());
    }

    @Test
    void transformerEncoderLayersAreIndependentCopies() {
        Ravel.manualSeed(2);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0, "relu", 1e-5, true, false);
        layer.eval();
        TransformerEncoder enc = new TransformerEncoder(layer, 2, new LayerNorm(4));
        assertEquals(2, enc.numLayers());
        Map<String, Tensor> state = enc.stateDict();
        Map<String, Tensor> original = layer.stateDict();
        List<String> keys = List.copyOf(state.keySet());
        assertEquals("layers.0.self_attn.in_proj_weight", keys.getFirst());
        assertEquals(List.of("norm.weight", "norm.bias"), keys.subList(keys.size() - 2, keys.size()));
        for (var e : original.entrySet()) {
            for (int i = 0; i < 2; i++) {
                Tensor copy = state.get("layers." + i + "." + e.getKey());
                assertTrue(copy.equal(e.getValue()), "layers." + i + "." + e.getKey() + " equals the given layer's");
                assertNotSame(copy.data().storage(), e.getValue().data().storage(), "a copy, not a shared tensor");
            }
        }
        for (Module m : enc.namedModules().values()) {
            if (m instanceof TransformerEncoderLayer l) {
                assertNotSame(layer, l);
                assertFalse(l.isTraining(), "a copy keeps the given layer's mode");
            }
        }
        try (var g = Ravel.noGrad()) {
            enc.namedParameters().get("layers.0.linear1.weight").fill_(0.5);
        }
        assertFalse(enc.stateDict().get("layers.1.linear1.weight").equal(enc.stateDict().get("layers.0.linear1.weight")));
        assertFalse(layer.stateDict().get("linear1.weight").equal(enc.stateDict().get("layers.0.linear1.weight")));
    }

    /**
     * isCausal is the causal mask: with or without a padding mask, and in training with dropout (the
     * same masks drawn after the same seed), it gives what the explicit causal mask gives.
     */
    @Test
    void isCausalEqualsTheExplicitCausalMask() {
        Ravel.manualSeed(4);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0.3, "relu", 1e-5, true, false);
        layer.train();
        Tensor x = Ravel.randn(2, 5, 4);
        Tensor causal = Tensor.of(NDArray.ones(new int[] {5, 5}, DType.BOOL, x.device()).triu(1));
        Tensor padding = Tensor.of(NDArray.fromArray(new boolean[] {false, false, false, true, true,
                false, false, false, false, true}, 2, 5));
        for (Tensor kpm : java.util.Arrays.asList(null, padding)) {
            Ravel.manualSeed(9);
            Tensor hinted = layer.forward(x, null, kpm, true);
            Ravel.manualSeed(9);
            Tensor explicit = layer.forward(x, causal, kpm, false);
            assertTrue(hinted.allclose(explicit, 0, 0), "padding " + (kpm != null) + ": " + hinted + " vs " + explicit);
        }
    }

    @Test
    void copyingALayerDrawsNoRandomNumbers() {
        Ravel.manualSeed(3);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0, "relu", 1e-5, false, false);
        byte[] before = Ravel.getRngState();
        TransformerEncoderLayer copy = layer.copy();
        assertTrue(java.util.Arrays.equals(before, Ravel.getRngState()), "the generator moved");
        assertSame(TransformerEncoderLayer.class, copy.getClass());
    }
}
