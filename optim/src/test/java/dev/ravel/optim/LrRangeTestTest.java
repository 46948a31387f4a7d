package dev.ravel.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Linear;
import dev.ravel.nn.MSELoss;
import dev.ravel.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The lr range test on a small regression: the suggested lr is finite and inside the swept range,
 * the sweep stops once the loss diverges, and the model and optimizer are left as they were.
 */
class LrRangeTestTest {
    private Linear model;
    private SGD opt;
    private Supplier<Tensor> batchLoss;

    private void setUp() {
        Ravel.manualSeed(0);
        Tensor x = Ravel.randn(64, 4).mul(3.0);
        Tensor y = x.matmul(Ravel.tensor(new float[][] {{1}, {-2}, {0.5f}, {3}})).add(Ravel.randn(64, 1).mul(0.1));
        model = new Linear(4, 1);
        opt = new SGD(model.parameters(), 0.001, 0.9);
        MSELoss mse = new MSELoss();
        batchLoss = () -> mse.forward(model.forward(x), y);
        for (int k = 0; k < 2; k++) { // some momentum state, so that restoring it means something
            opt.zeroGrad();
            batchLoss.get().backward();
            opt.step();
        }
    }

    @Test
    void suggestsAFiniteLrInRangeAndStopsOnDivergence() {
        setUp();
        LrRangeTest.Result r = LrRangeTest.run(model, opt, batchLoss, 1e-5, 10, 100);
        int n = r.lrs().length;
        assertEquals(n, r.losses().length);
        assertTrue(n < 100, "SGD diverges long before lr 10 here, so the sweep stops early: " + n + " steps");
        for (int k = 1; k < n; k++) {
            assertEquals(r.lrs()[k - 1] * Math.pow(1e6, 1.0 / 99), r.lrs()[k], 1e-12 * r.lrs()[k], "geometric lrs");
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n - 1; k++) {
            best = Math.min(best, r.losses()[k]);
        }
        double last = r.losses()[n - 1];
        assertTrue(!Double.isFinite(last) || last > 5 * best, "stopped at a loss above 5x the best: " + last + " vs " + best);
        double s = r.suggestedLr();
        assertTrue(Double.isFinite(s) && s >= 1e-5 && s <= 10, "suggested " + s);
        assertTrue(s >= r.lrs()[0] && s < r.lrs()[n - 1], "suggested " + s + " below the lr that diverged");
    }

    @Test
    void modelAndOptimizerAreRestored() {
        setUp();
        Map<String, Tensor> before = snapshot(model.stateDict());
        Map<String, Object> optBefore = opt.stateDict();
        List<Parameter> params = model.parameters();
        LrRangeTest.run(model, opt, batchLoss, 1e-5, 10, 100);
        assertEquals(params, model.parameters());
        assertSame(params.getFirst(), opt.paramGroups().getFirst().params().getFirst());
        before.forEach((k, v) -> assertTrue(v.equal(model.stateDict().get(k)), k + " restored"));
        assertEquals(0.001, opt.paramGroups().getFirst().lr(), "lr restored");
        assertStateEquals(optBefore, opt.stateDict());
        // And training goes on exactly as it would have without the test.
        setUp();
        Linear fresh = model;
        SGD freshOpt = opt;
        Tensor expected = stepOnce(fresh, freshOpt);
        setUp();
        LrRangeTest.run(model, opt, batchLoss, 1e-5, 10, 100);
        assertTrue(expected.equal(stepOnce(model, opt)), "the next step is unchanged by the range test");
    }

    private Tensor stepOnce(Linear m, SGD o) {
        o.zeroGrad();
        batchLoss.get().backward();
        o.step();
        return m.weight.clone();
    }

    @Test
    void runsEveryIterationWhenNothingDiverges() {
        setUp();
        LrRangeTest.Result r = LrRangeTest.run(model, opt, batchLoss, 1e-6, 1e-4, 20);
        assertEquals(20, r.lrs().length);
        assertEquals(1e-6, r.lrs()[0], 1e-18);
        assertEquals(1e-4, r.lrs()[19], 1e-15);
        assertTrue(r.losses()[19] < r.losses()[0], "the loss falls over the sweep");
        assertTrue(r.suggestedLr() >= 1e-6 && r.suggestedLr() <= 1e-4);
    }

    @Test
    void badArguments() {
        setUp();
        var e = assertThrows(IllegalArgumentException.class, () -> LrRangeTest.run(model, opt, batchLoss, 0, 1, 10));
        assertTrue(e.getMessage().contains("0 < startLr < endLr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LrRangeTest.run(model, opt, batchLoss, 1, 0.1, 10));
        e = assertThrows(IllegalArgumentException.class, () -> LrRangeTest.run(model, opt, batchLoss, 1e-3, 1, 1));
        assertTrue(e.getMessage().contains("numIter"), e.getMessage());
    }

    private static Map<String, Tensor> snapshot(Map<String, Tensor> sd) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        sd.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void assertStateEquals(Map<String, Object> a, Map<String, Object> b) {
        assertEquals(a.get("param_groups"), b.get("param_groups"));
        Map<Integer, Map<String, Object>> sa = (Map<Integer, Map<String, Object>>) a.get("state");
        Map<Integer, Map<String, Object>> sb = (Map<Integer, Map<String, Object>>) b.get("state");
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((i, st) -> st.forEach((k, v) -> {
            Object w = sb.get(i).get(k);
            assertTrue(v instanceof Tensor t ? t.equal((Tensor) w) : v.equals(w), "optimizer state " + i + "." + k);
        }));
    }
}
