package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Module contract against PyTorch's: dotted names, the order and de-duplication of parameters,
 * buffers and modules (TiedNet's lists come from PyTorch), apply order, train/eval, gradients,
 * dtype conversion in place, and state dicts with their strict-loading errors.
 */
class ModuleApiTest {
    private static Map<String, Object> golden() {
        return map(Golden.nn().get("module_api"));
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) {
            out.add((String) x);
        }
        return out;
    }

    @Test
    void namedParametersAreDottedOrderedAndDeduplicatedAsInPyTorch() {
        TiedNet net = new TiedNet();
        assertEquals(strings(golden().get("named_parameters")), List.copyOf(net.namedParameters().keySet()));
        assertEquals(net.namedParameters().size(), net.parameters().size());
        assertSame(net.embed.weight, net.parameters().getFirst());
        assertSame(net.layers.get(1).module("fc").parameter("bias"), net.namedParameters().get("layers.1.fc.bias"));
    }

    @Test
    void namedBuffersIncludeNonPersistentOnesInPyTorchsOrder() {
        TiedNet net = new TiedNet();
        assertEquals(strings(golden().get("named_buffers")), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(net.namedBuffers().size(), net.buffers().size());
    }

    @Test
    void stateDictHasEveryNameOfSharedModulesAndNoNonPersistentBuffer() {
        TiedNet net = new TiedNet();
        List<String> keys = List.copyOf(net.stateDict().keySet());
        assertEquals(strings(golden().get("state_dict")), keys);
        assertFalse(keys.contains("layers.0.scale"));
        assertSame(net.stateDict().get("shared.fc.weight").data().storage(),
                net.stateDict().get("layers.0.fc.weight").data().storage(), "one tensor under both names");
        // Its own checkpoint loads back strictly.
        TiedNet other = new TiedNet();
        other.loadStateDict(net.stateDict());
        assertTrue(other.embed.weight.equal(net.embed.weight) && other.head.parameter("weight") == other.embed.weight);
    }

    @Test
    void modulesChildrenAndApplyVisitInPyTorchsOrder() {
        TiedNet net = new TiedNet();
        assertEquals(strings(golden().get("named_modules")), List.copyOf(net.namedModules().keySet()));
        List<String> types = net.modules().stream().map(m -> m.getClass().getSimpleName()).toList();
        assertEquals(strings(golden().get("module_types")), types);
        assertEquals(strings(golden().get("named_children")), List.copyOf(net.namedChildren().keySet()));
        assertSame(net.layers, net.children().get(1));
        List<String> applied = new ArrayList<>();
        assertSame(net, net.apply(m -> applied.add(m.getClass().getSimpleName())));
        assertEquals(strings(golden().get("apply_order")), applied);
    }

    @Test
    void toStringMatchesPyTorchForSharedModules() {
        assertEquals(golden().get("repr"), new TiedNet().toString());
    }

    @Test
    void dottedNamesOfNestedModules() {
        MixedNet net = new MixedNet();
        Map<String, Tensor> sd = net.stateDict();
        for (String k : List.of("emb.weight", "conv.weight", "conv.bias", "bn.weight", "bn.running_mean",
                "bn.running_var", "bn.num_batches_tracked", "ln.weight", "head.0.weight", "head.3.bias")) {
            assertTrue(sd.containsKey(k), k + " in " + sd.keySet());
        }
        assertSame(((Linear) net.head.get(3)).bias, net.namedParameters().get("head.3.bias"));
        assertSame(net.bn.buffer("running_mean"), net.namedBuffers().get("bn.running_mean"));
        assertEquals(DType.INT64, sd.get("bn.num_batches_tracked").dtype());
        assertEquals(0, sd.get("bn.num_batches_tracked").dim());
    }

    @Test
    void absentParametersAndBuffersAreSkipped() {
        Linear noBias = new Linear(3, 2, false);
        assertEquals(List.of("weight"), List.copyOf(noBias.stateDict().keySet()));
        assertNull(noBias.parameter("bias"));
        BatchNorm2d bn = new BatchNorm2d(3, 1e-5, 0.1, false, false);
        assertTrue(bn.stateDict().isEmpty());
        assertTrue(bn.parameters().isEmpty() && bn.buffers().isEmpty());
    }

    @Test
    void registrationRejectsBadAndDuplicateNames() {
        Module m = new Module() {
        };
        var dot = assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", null));
        assertTrue(dot.getMessage().contains("\".\""), dot.getMessage());
        m.registerBuffer("x", Ravel.zeros(1));
        var dup = assertThrows(IllegalArgumentException.class, () -> m.registerModule("x", new ReLU()));
        assertTrue(dup.getMessage().contains("'x' already exists"), dup.getMessage());
    }

    @Test
    void trainAndEvalPropagateToEverySubmodule() {
        MixedNet net = new MixedNet();
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
        assertSame(net, net.eval());
        assertTrue(net.modules().stream().noneMatch(Module::isTraining));
        net.head.train();
        assertTrue(net.head.get(2).isTraining() && !net.isTraining() && !net.bn.isTraining());
        net.train(true);
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
    }

    @Test
    void evalTurnsDropoutAndBatchNormToInference() {
        Ravel.manualSeed(0);
        Sequential m = new Sequential(new Linear(4, 4), new BatchNorm1d(4), new Dropout(0.5));
        Tensor x = Ravel.randn(8, 4);
        m.eval();
        Tensor a = m.forward(x);
        Tensor b = m.forward(x);
        assertTrue(a.equal(b), "eval is deterministic");
        assertEquals(0L, m.get(1).buffer("num_batches_tracked").itemLong(), "eval does not track");
        m.train();
        m.forward(x);
        assertEquals(1L, m.get(1).buffer("num_batches_tracked").itemLong());
    }

    @Test
    void zeroGradZeroesOrDropsGradients() {
        Ravel.manualSeed(1);
        Linear lin = new Linear(3, 2);
        lin.forward(Ravel.randn(4, 3)).sum().backward();
        assertNotNull(lin.weight.grad());
        lin.zeroGrad(false);
        assertNotNull(lin.weight.grad());
        assertEquals(0.0, lin.weight.grad().abs().sum().item());
        assertEquals(0.0, lin.bias.grad().abs().sum().item());
        lin.zeroGrad();
        assertNull(lin.weight.grad());
        assertNull(lin.bias.grad());
    }

    @Test
    void gradientsAccumulateIntoTiedParametersOnce() {
        TiedNet net = new TiedNet();
        Tensor idx = Ravel.tensor(new long[] {1, 3});
        // Linear.forward uses its own field, so the tied use goes through the functional form.
        Tensor tied = net.head.parameter("weight");
        assertSame(net.embed.weight, tied);
        Tensor y = Functional.linear(net.embed.forward(idx), tied, null);
        y.sum().backward();
        // d/dW of sum(E[idx] W^T) for both uses: rows 1 and 3 get sum_j W[j], and W gets E[1] + E[3] per row.
        Tensor w = net.embed.weight.detach();
        Tensor expected = Ravel.zeros(5, 3).add(w.narrow(0, 1, 1).add(w.narrow(0, 3, 1)));
        Tensor colSum = w.sum(0, true);
        expected = expected.add(Ravel.tensor(new float[][] {{0}, {1}, {0}, {1}, {0}}).mul(colSum));
        assertTrue(expected.allclose(net.embed.weight.grad(), 1e-5, 1e-6), net.embed.weight.grad().toString());
        assertEquals(1, net.parameters().stream().filter(p -> p == net.embed.weight).count());
    }

    @Test
    void requiresGradFlagsEveryParameter() {
        MixedNet net = new MixedNet();
        assertSame(net, net.requiresGrad_(false));
        assertTrue(net.parameters().stream().noneMatch(Tensor::requiresGrad));
        net.requiresGrad_(true);
        assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
    }

    @Test
    void toDtypeConvertsInPlaceKeepingParameterObjects() {
        MixedNet net = new MixedNet();
        List<Parameter> before = net.parameters();
        net.conv.forward(Ravel.randn(1, 1, 3, 3)).sum().backward();
        assertSame(net, net.to(DType.FLOAT64));
        List<Parameter> after = net.parameters();
        for (int k = 0; k < before.size(); k++) {
            assertSame(before.get(k), after.get(k));
            assertEquals(DType.FLOAT64, after.get(k).dtype());
            assertTrue(after.get(k).requiresGrad() && after.get(k).isLeaf());
        }
        assertEquals(DType.FLOAT64, net.conv.weight.grad().dtype(), "gradients follow");
        assertEquals(DType.FLOAT64, net.bn.buffer("running_var").dtype());
        assertEquals(DType.INT64, net.bn.buffer("num_batches_tracked").dtype(), "integer buffers stay");
        Tensor out = net.forward(Ravel.tensor(new long[][] {{1, 2}}), Ravel.randn(new int[] {1, 1, 4, 4}, DType.FLOAT64));
        assertEquals(DType.FLOAT64, out.dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> net.to(DType.INT64));
        assertTrue(e.getMessage().contains("floating point"), e.getMessage());
    }

    @Test
    void stateDictSharesStorageAndLoadStateDictCopiesValues() {
        Ravel.manualSeed(2);
        MixedNet a = new MixedNet();
        MixedNet b = new MixedNet();
        Map<String, Tensor> sa = a.stateDict();
        assertFalse(sa.get("conv.weight").requiresGrad(), "detached");
        sa.get("conv.bias").data().fill_(3.0);
        assertEquals(3.0, a.conv.bias.data().select(0, 0).item(), "state dict values alias the module's");
        Module.IncompatibleKeys r = b.loadStateDict(sa);
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        for (var e : a.stateDict().entrySet()) {
            assertTrue(e.getValue().equal(b.stateDict().get(e.getKey())), e.getKey());
        }
        Parameter w = b.conv.weight;
        a.conv.weight.data().fill_(0.5);
        assertFalse(w.equal(a.conv.weight), "a copy, not an alias");
        b.loadStateDict(a.stateDict());
        assertSame(w, b.conv.weight, "loading keeps the parameter objects");
        assertEquals(0.5, w.data().select(0, 0).select(0, 0).select(0, 0).select(0, 0).item());
    }

    @Test
    void strictLoadingListsMissingUnexpectedAndMismatchedKeys() {
        MixedNet net = new MixedNet();
        Map<String, Tensor> sd = new LinkedHashMap<>(net.stateDict());
        sd.remove("ln.bias");
        sd.remove("bn.running_var");
        sd.put("head.9.weight", Ravel.zeros(2, 2));
        sd.put("conv.weight", Ravel.zeros(3, 1, 5, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Error(s) in loading state_dict for MixedNet"), msg);
        assertTrue(msg.contains("Missing key(s) in state_dict: ") && msg.contains("bn.running_var")
                && msg.contains("ln.bias"), msg);
        assertTrue(msg.contains("Unexpected key(s) in state_dict: ") && msg.contains("head.9.weight"), msg);
        assertTrue(msg.contains("size mismatch for conv.weight") && msg.contains("[3, 1, 5, 5]")
                && msg.contains("[3, 1, 3, 3]"), msg);
    }

    @Test
    void nonStrictLoadingReportsKeysButStillRejectsSizeMismatches() {
        MixedNet net = new MixedNet();
        Map<String, Tensor> sd = new LinkedHashMap<>(net.stateDict());
        sd.remove("ln.bias");
        sd.put("extra", Ravel.zeros(1));
        Module.IncompatibleKeys r = net.loadStateDict(sd, false);
        assertEquals(List.of("ln.bias"), r.missingKeys());
        assertEquals(List.of("extra"), r.unexpectedKeys());
        sd.put("ln.weight", Ravel.zeros(11));
        var e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd, false));
        assertTrue(e.getMessage().contains("size mismatch for ln.weight"), e.getMessage());
    }

    @Test
    void loadingAnotherModelsStateDictNamesTheDifferences() {
        Sequential mlp = ModuleSpecs.seedMlp();
        var e = assertThrows(IllegalArgumentException.class, () -> mlp.loadStateDict(new MixedNet().stateDict()));
        String msg = e.getMessage();
        assertTrue(msg.contains("Error(s) in loading state_dict for Sequential"), msg);
        assertTrue(msg.contains("Missing key(s) in state_dict: [1.weight, 1.bias, 4.weight"), msg);
        assertTrue(msg.contains("Unexpected key(s) in state_dict: [emb.weight, conv.weight"), msg);
    }

    @Test
    void loadStateDictConvertsIntegerAndFloatValuesIntoTheModulesDtypes() {
        MixedNet net = new MixedNet();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> sd.put(k, v.to(DType.FLOAT64)));
        sd.put("bn.num_batches_tracked", Ravel.tensor(7L).reshape());
        net.loadStateDict(sd);
        assertEquals(DType.FLOAT32, net.conv.weight.dtype());
        assertEquals(7L, net.bn.buffer("num_batches_tracked").itemLong());
    }

    @Test
    void containersIndexAndIterate() {
        Sequential seq = new Sequential(new ReLU(), new Tanh());
        seq.add(new Sigmoid());
        assertEquals(3, seq.size());
        assertTrue(seq.get(-1) instanceof Sigmoid);
        assertEquals(List.of("0", "1", "2"), List.copyOf(seq.namedChildren().keySet()));
        ModuleList ml = new ModuleList(List.of(new Linear(1, 1), new Linear(1, 1)));
        int n = 0;
        for (Module m : ml) {
            n += m instanceof Linear ? 1 : 0;
        }
        assertEquals(2, n);
        ModuleDict md = new ModuleDict().put("b", new ReLU()).put("a", new Linear(2, 2));
        assertEquals(List.of("b", "a"), List.copyOf(md.keys()));
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(md.stateDict().keySet()));
        assertArrayEquals(new int[] {2, 2}, ((Linear) md.get("a")).weight.shape());
    }

    @Test
    void tiedWeightsAreOneParameterInForwardAndBackward() {
        Ravel.manualSeed(0);
        Embedding emb = new Embedding(5, 3);
        Linear head = new Linear(3, 5, false);
        head.setParameter("weight", emb.weight);
        assertSame(emb.weight, head.weight);
        Tensor tokens = Ravel.tensor(new long[] {1, 4});
        Tensor logits = head.forward(emb.forward(tokens));
        Tensor expected = Tensor.of(emb.weight.data().indexSelect(0, tokens.data()).matmul(emb.weight.data().t()));
        assertTrue(logits.allclose(expected));
        logits.sum().backward();
        // One gradient collects both uses; row 0 is never looked up, so only the head's part reaches it.
        Tensor g = emb.weight.grad();
        double[] rowsOnly = Tensor.of(emb.weight.data().indexSelect(0, tokens.data()).sum(0)).toDoubleArray();
        assertEquals(rowsOnly[0], g.toDoubleArray()[0], 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> head.setParameter("weight", new Parameter(dev.ravel.tensor.NDArray.zeros(2, 2))));
        assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }
}
