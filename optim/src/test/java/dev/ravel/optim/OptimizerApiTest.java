package dev.ravel.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Linear;
import dev.ravel.nn.MSELoss;
import dev.ravel.nn.Parameter;
import dev.ravel.nn.ReLU;
import dev.ravel.nn.Sequential;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Param groups, zeroGrad, the PyTorch-layout state dict, dtype changes under an optimizer, and errors. */
class OptimizerApiTest {
    private static void contains(Class<? extends Throwable> type, Executable body, String... parts) {
        String m = assertThrows(type, body).getMessage();
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' not in: " + m);
        }
    }

    @Test
    void paramGroupsTakeDefaultsAndOverrides() {
        GoldenProblem pb = new GoldenProblem();
        SGD opt = SGD.ofGroups(List.of(ParamGroupSpec.of(List.of(pb.w)),
                ParamGroupSpec.of(List.of(pb.b), Map.of("lr", 0.01, "momentum", 0.5))), 0.1, 0.9, 0, 0, false);
        assertEquals(2, opt.paramGroups().size());
        assertEquals(0.1, opt.paramGroups().get(0).lr());
        assertEquals(0.9, opt.paramGroups().get(0).getDouble("momentum"));
        assertEquals(0.01, opt.paramGroups().get(1).lr());
        assertEquals(0.5, opt.paramGroups().get(1).getDouble("momentum"));
        assertEquals(0.1, ((Number) opt.defaults().get("lr")).doubleValue());
        assertSame(pb.b, opt.paramGroups().get(1).params().getFirst());
    }

    @Test
    void addParamGroupRejectsParametersAlreadyOptimized() {
        GoldenProblem pb = new GoldenProblem();
        Adam opt = new Adam(List.of(pb.w), 0.01);
        opt.addParamGroup(ParamGroupSpec.of(List.of(pb.b), Map.of("lr", 0.1)));
        assertEquals(0.1, opt.paramGroups().get(1).lr());
        assertEquals(0.9, opt.paramGroups().get(1).getDouble("beta1"));
        contains(IllegalArgumentException.class, () -> opt.addParamGroup(ParamGroupSpec.of(List.of(pb.w))),
                "more than one parameter group");
        contains(IllegalArgumentException.class, () -> new SGD(List.of(pb.w, pb.w), 0.1), "more than once");
        contains(IllegalArgumentException.class, () -> new SGD(List.of(pb.w.mul(2.0)), 0.1), "non-leaf");
    }

    @Test
    void zeroGradZeroesOrDropsAndOnlyNoneSkipsTheUpdate() {
        GoldenProblem pb = new GoldenProblem();
        SGD opt = new SGD(pb.params(), 0.1, 0.9);
        pb.step(opt);
        opt.zeroGrad(false);
        assertNotNull(pb.w.grad());
        assertEquals(0.0, pb.w.grad().abs().sum().item());
        Tensor before = pb.w.clone();
        opt.step();
        assertFalse(before.equal(pb.w), "a zero gradient still steps: momentum carries on, as in PyTorch");
        opt.zeroGrad(true);
        assertNull(pb.w.grad());
        before = pb.w.clone();
        opt.step();
        assertTrue(before.equal(pb.w), "a parameter without a gradient is skipped");
        pb.loss().backward();
        opt.zeroGrad();
        assertNull(pb.w.grad(), "setToNone is the default");
    }

    @Test
    void stateDictHasPyTorchsLayout() {
        GoldenProblem pb = new GoldenProblem();
        Adam opt = Adam.ofGroups(List.of(ParamGroupSpec.of(List.of(pb.w)), ParamGroupSpec.of(List.of(pb.b),
                Map.of("lr", 0.5))), 0.01, 0.9, 0.999, 1e-8, 0, true);
        pb.step(opt);
        pb.step(opt);
        Map<String, Object> sd = opt.stateDict();
        assertEquals(List.of("state", "param_groups"), List.copyOf(sd.keySet()));
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> state = (Map<Integer, Map<String, Object>>) sd.get("state");
        assertEquals(List.of(0, 1), List.copyOf(state.keySet()));
        assertEquals(java.util.Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"), state.get(0).keySet());
        assertEquals(2L, ((Number) state.get(0).get("step")).longValue());
        Tensor m = (Tensor) state.get(1).get("exp_avg");
        assertEquals(List.of(3), List.of(m.shape()[0]));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) sd.get("param_groups");
        assertEquals(List.of(0), groups.get(0).get("params"));
        assertEquals(List.of(1), groups.get(1).get("params"));
        assertEquals(0.5, ((Number) groups.get(1).get("lr")).doubleValue());
        assertEquals(true, groups.get(0).get("amsgrad"));
        // A snapshot: stepping on does not change it.
        double before = m.sum().item();
        pb.step(opt);
        assertEquals(before, m.sum().item());
    }

    @Test
    void loadStateDictChecksGroupSizes() {
        GoldenProblem pb = new GoldenProblem();
        SGD one = new SGD(pb.params(), 0.1, 0.9);
        pb.step(one);
        SGD two = SGD.ofGroups(List.of(ParamGroupSpec.of(List.of(pb.w)), ParamGroupSpec.of(List.of(pb.b))), 0.1, 0.9,
                0, 0, false);
        contains(IllegalArgumentException.class, () -> two.loadStateDict(one.stateDict()), "number of parameter groups",
                "1 vs 2");
        SGD other = new SGD(List.of(pb.w), 0.1, 0.9);
        contains(IllegalArgumentException.class, () -> other.loadStateDict(one.stateDict()), "doesn't match the size",
                "2 vs 1");
        contains(IllegalArgumentException.class, () -> other.loadStateDict(Map.of()), "'state' and 'param_groups'");
    }

    @Test
    void invalidHyperparametersAreNamed() {
        List<Tensor> ps = new GoldenProblem().params();
        contains(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1), "SGD", "empty parameter list");
        contains(IllegalArgumentException.class, () -> new Adam(List.of()), "Adam", "empty parameter list");
        contains(IllegalArgumentException.class, () -> new SGD(ps, -0.1), "SGD: Invalid learning rate: -0.1");
        contains(IllegalArgumentException.class, () -> new Adam(ps, -1e-3), "Adam: Invalid learning rate: -0.001");
        contains(IllegalArgumentException.class, () -> new AdamW(ps, -1.0), "AdamW: Invalid learning rate");
        contains(IllegalArgumentException.class, () -> new RMSprop(ps, -1.0), "RMSprop: Invalid learning rate");
        contains(IllegalArgumentException.class, () -> new Adagrad(ps, -1.0), "Adagrad: Invalid learning rate");
        contains(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0, false),
                "Invalid beta parameter at index 0: 1.0");
        contains(IllegalArgumentException.class, () -> new AdamW(ps, 0.1, 0.9, -0.5, 1e-8, 0, false),
                "Invalid beta parameter at index 1: -0.5");
        contains(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, 0.999, -1, 0, false),
                "Invalid epsilon value: -1");
        contains(IllegalArgumentException.class, () -> new SGD(ps, 0.1, -0.9), "Invalid momentum value: -0.9");
        contains(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0.9, 0, -1e-4, false),
                "Invalid weight_decay value: -1.0E-4");
        contains(IllegalArgumentException.class, () -> new SGD(ps, 0.1, 0.9, 0.1, 0, true),
                "Nesterov momentum requires a momentum and zero dampening");
        contains(IllegalArgumentException.class, () -> new Adagrad(ps, 0.1, -1, 0, 0, 1e-10), "Invalid lr_decay value");
        contains(IllegalArgumentException.class, () -> new RMSprop(ps, 0.1, -0.5, 1e-8, 0, 0, false),
                "Invalid alpha value");
        contains(IllegalArgumentException.class, () -> SGD.ofGroups(List.of(ParamGroupSpec.of(ps,
                Map.of("lr", -2.0))), 0.1, 0, 0, 0, false), "Invalid learning rate: -2.0");
    }

    @Test
    void moduleToDtypeKeepsTheParametersAnOptimizerHolds() {
        Ravel.manualSeed(0);
        Sequential model = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
        List<Parameter> params = model.parameters();
        Adam opt = new Adam(params, 0.01);
        Tensor x = Ravel.randn(16, 3);
        Tensor y = x.sum(1, true);
        MSELoss mse = new MSELoss();
        opt.zeroGrad();
        mse.forward(model.forward(x), y).backward();
        opt.step();
        model.to(DType.FLOAT64);
        assertEquals(params, model.parameters());
        for (int k = 0; k < params.size(); k++) {
            assertSame(params.get(k), opt.paramGroups().getFirst().params().get(k), "the optimizer's own parameter");
            assertEquals(DType.FLOAT64, params.get(k).dtype());
        }
        Tensor x64 = x.to(DType.FLOAT64);
        Tensor y64 = y.to(DType.FLOAT64);
        double first = mse.forward(model.forward(x64), y64).item();
        for (int s = 0; s < 30; s++) {
            opt.zeroGrad();
            mse.forward(model.forward(x64), y64).backward();
            opt.step();
        }
        assertEquals(DType.FLOAT64, params.getFirst().dtype(), "steps keep the new dtype");
        assertTrue(mse.forward(model.forward(x64), y64).item() < first, "the optimizer still trains the model");
    }

    @Test
    void stateTensorsFollowTheParametersDtypeOnLoad() {
        GoldenProblem pb = new GoldenProblem();
        SGD a = new SGD(pb.params(), 0.1, 0.9);
        pb.step(a);
        Map<String, Object> sd = a.stateDict();
        Tensor w64 = Tensor.of(pb.w.data().to(DType.FLOAT64)).requiresGrad_();
        Tensor b64 = Tensor.of(pb.b.data().to(DType.FLOAT64)).requiresGrad_();
        SGD c = new SGD(List.of(w64, b64), 0.1, 0.9);
        c.loadStateDict(sd);
        w64.setGrad(Tensor.of(NDArray.zeros(new int[] {3, 4}, DType.FLOAT64, w64.device())));
        Tensor before = w64.clone();
        c.step();
        assertEquals(DType.FLOAT64, w64.dtype());
        assertFalse(before.equal(w64), "the loaded momentum buffer moved the parameter");
    }
}
