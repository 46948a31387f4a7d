package dev.ravel.optim;

import static dev.ravel.optim.testing.OptimGolden.list;
import static dev.ravel.optim.testing.OptimGolden.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.optim.testing.OptimGolden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * SGD (plain, momentum, dampening, nesterov, weight decay, maximize, groups), Adam (betas, eps,
 * amsgrad, weight decay, maximize, groups), AdamW, RMSprop (alpha, centered, momentum) and
 * Adagrad (lr_decay, initial_accumulator_value, weight decay) follow PyTorch 1.13's trajectories
 * on a fixed least-squares problem: the parameters after each of 6 steps, float32, within rtol
 * 2e-6 (atol 1e-7); and a resumed optimizer (stateDict after 3 steps loaded into a fresh one)
 * takes exactly the remaining steps.
 */
class OptimizerTrajectoryTest {
    static final double RTOL = 2e-6;
    static final double ATOL = 1e-7;

    @TestFactory
    List<DynamicTest> trajectoriesMatchPyTorch() {
        List<DynamicTest> out = new ArrayList<>();
        for (Object o : list(OptimGolden.get().get("trajectories"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> named(id, () -> {
                GoldenProblem pb = new GoldenProblem();
                Optimizer opt = pb.build(c);
                List<Object> steps = list(c.get("steps"));
                for (int s = 0; s < steps.size(); s++) {
                    pb.step(opt);
                    Map<String, Object> st = map(steps.get(s));
                    OptimGolden.assertClose(st.get("w"), pb.w, RTOL, ATOL, "w after step " + (s + 1));
                    OptimGolden.assertClose(st.get("b"), pb.b, RTOL, ATOL, "b after step " + (s + 1));
                }
            })));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> resumingFromAStateDictTakesTheSameNextSteps() {
        List<DynamicTest> out = new ArrayList<>();
        for (Object o : list(OptimGolden.get().get("trajectories"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> named(id, () -> {
                GoldenProblem straight = new GoldenProblem();
                Optimizer a = straight.build(c);
                GoldenProblem resumed = new GoldenProblem();
                Optimizer b = resumed.build(c);
                for (int s = 0; s < 3; s++) {
                    straight.step(a);
                    resumed.step(b);
                }
                Map<String, Object> saved = b.stateDict();
                // A fresh optimizer on the same parameters, built with a different lr that the dict overrides.
                for (Optimizer.ParamGroup g : b.paramGroups()) {
                    g.setLr(123.0);
                }
                Optimizer fresh = resumed.build(c);
                fresh.paramGroups().forEach(g -> g.setLr(99.0));
                fresh.loadStateDict(saved);
                List<Object> steps = list(c.get("steps"));
                for (int s = 3; s < steps.size(); s++) {
                    straight.step(a);
                    resumed.step(fresh);
                    assertTrue(straight.w.equal(resumed.w) && straight.b.equal(resumed.b),
                            "resumed step " + (s + 1) + " differs from the uninterrupted run");
                    Map<String, Object> st = map(steps.get(s));
                    OptimGolden.assertClose(st.get("w"), resumed.w, RTOL, ATOL, "w after resumed step " + (s + 1));
                }
                assertEquals(a.paramGroups().size(), fresh.paramGroups().size());
            })));
        }
        return out;
    }

    static void named(String id, org.junit.jupiter.api.function.Executable body) {
        try {
            body.execute();
        } catch (AssertionError e) {
            throw new AssertionFailedError(id + ": " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new AssertionFailedError(id + ": Ravel threw " + e, e);
        }
    }
}
