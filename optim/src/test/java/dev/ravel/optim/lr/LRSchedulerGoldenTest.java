package dev.ravel.optim.lr;

import static dev.ravel.optim.testing.OptimGolden.d;
import static dev.ravel.optim.testing.OptimGolden.list;
import static dev.ravel.optim.testing.OptimGolden.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.optim.Adam;
import dev.ravel.optim.Optimizer;
import dev.ravel.optim.ParamGroupSpec;
import dev.ravel.optim.SGD;
import dev.ravel.optim.testing.OptimGolden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Learning-rate sequences (and OneCycleLR's momentum / beta1) of every scheduler against PyTorch
 * 1.13's, epoch by epoch, from the optimizer's param groups and getLastLr(), within 1e-12.
 */
class LRSchedulerGoldenTest {
    /** The Ravel form of each scheduler the script builds (same id). */
    private static Object scheduler(String id, Optimizer o) {
        return switch (id) {
            case "step_lr" -> new StepLR(o, 3, 0.5);
            case "step_lr_two_groups" -> new StepLR(o, 2, 0.1);
            case "multistep_lr_repeated" -> new MultiStepLR(o, new int[] {2, 5, 5, 8}, 0.1);
            case "exponential_lr" -> new ExponentialLR(o, 0.9);
            case "cosine_annealing_past_tmax" -> new CosineAnnealingLR(o, 5, 0.01);
            case "cosine_annealing_eta0" -> new CosineAnnealingLR(o, 4);
            case "linear_lr_warmup" -> new LinearLR(o, 0.25, 1.0, 4);
            case "linear_lr_decay" -> new LinearLR(o, 1.0, 0.1, 5);
            case "one_cycle_cos" -> new OneCycleLR(o, 1.0, 20);
            case "one_cycle_linear" -> new OneCycleLR(o, 0.5, 15, 0.25, "linear", true, 0.85, 0.95, 10, 100, false);
            case "one_cycle_three_phase" -> new OneCycleLR(o, 0.8, 20, 0.3, "cos", true, 0.8, 0.9, 25, 1e4, true);
            case "one_cycle_adam_beta1" -> new OneCycleLR(o, 0.01, 12);
            case "one_cycle_no_momentum" -> new OneCycleLR(o, 0.3, 10, 0.3, "cos", false, 0.85, 0.95, 25, 1e4, false);
            case "sequential_linear_cosine" -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 3),
                    new CosineAnnealingLR(o, 6)), new int[] {3});
            case "sequential_step_exponential" -> new SequentialLR(o, List.of(new StepLR(o, 2, 0.5),
                    new ExponentialLR(o, 0.9)), new int[] {4});
            case "plateau_min_rel" -> new ReduceLROnPlateau(o, "min", 0.5, 2, 1e-4, "rel", 0, 0, 1e-8);
            case "plateau_min_abs_cooldown" -> new ReduceLROnPlateau(o, "min", 0.5, 1, 0.05, "abs", 2, 0, 1e-8);
            case "plateau_max_rel" -> new ReduceLROnPlateau(o, "max", 0.3, 1, 0.1, "rel", 0, 0, 1e-8);
            case "plateau_max_abs", "plateau_max_abs_on_falling" ->
                    new ReduceLROnPlateau(o, "max", 0.5, 0, 0.02, "abs", 0, 0, 1e-8);
            case "plateau_min_lr" -> new ReduceLROnPlateau(o, "min", 0.1, 0, 1e-4, "rel", 0, 0.0005, 1e-8);
            case "plateau_eps" -> new ReduceLROnPlateau(o, "min", 0.5, 0, 1e-4, "rel", 0, 0.09, 0.02);
            default -> throw new IllegalArgumentException("no scheduler for " + id);
        };
    }

    /** SGD (momentum 0.9) with one group per lr, or Adam, on dummy parameters, as sched_run() in the script. */
    static Optimizer optimizer(String kind, double[] lrs) {
        List<ParamGroupSpec> specs = new ArrayList<>();
        for (double lr : lrs) {
            specs.add(ParamGroupSpec.of(List.of(Ravel.zeros(2).requiresGrad_()), Map.of("lr", lr)));
        }
        return kind.equals("sgd") ? SGD.ofGroups(specs, lrs[0], 0.9, 0, 0, false)
                : Adam.ofGroups(specs, lrs[0], 0.9, 0.999, 1e-8, 0, false);
    }

    private static double[] lrs(Optimizer o) {
        return o.paramGroups().stream().mapToDouble(Optimizer.ParamGroup::lr).toArray();
    }

    private static double[] momenta(Optimizer o, String kind) {
        return o.paramGroups().stream().mapToDouble(g -> g.getDouble(kind.equals("adam") ? "beta1" : "momentum"))
                .toArray();
    }

    private static double[] lastLr(Object s) {
        return switch (s) {
            case LRScheduler l -> l.getLastLr();
            case SequentialLR l -> l.getLastLr();
            case ReduceLROnPlateau l -> l.getLastLr();
            default -> throw new IllegalArgumentException();
        };
    }

    private static void assertSeq(Object expected, double[] actual, String what) {
        List<Object> e = list(expected);
        assertEquals(e.size(), actual.length, what + ": groups");
        for (int k = 0; k < actual.length; k++) {
            double x = d(e.get(k));
            if (!(Math.abs(x - actual[k]) <= 1e-12 * Math.abs(x) + 1e-15)) {
                throw new AssertionFailedError(what + ", group " + k + ": " + actual[k] + ", expected " + x);
            }
        }
    }

    @TestFactory
    List<DynamicTest> lrSequencesMatchPyTorch() {
        List<DynamicTest> out = new ArrayList<>();
        for (Object o : list(OptimGolden.get().get("schedulers"))) {
            Map<String, Object> c = map(o);
            String id = (String) c.get("id");
            out.add(DynamicTest.dynamicTest(id, () -> {
                String kind = (String) c.get("optimizer");
                double[] init = list(c.get("lrs_init")).stream().mapToDouble(OptimGolden::d).toArray();
                Optimizer opt = optimizer(kind, init);
                Object s = scheduler(id, opt);
                List<Object> lr = list(c.get("lr"));
                List<Object> mom = list(c.get("momentum"));
                List<Object> metrics = c.get("metrics") == null ? null : list(c.get("metrics"));
                assertSeq(lr.get(0), lrs(opt), id + " lr at construction");
                assertSeq(mom.get(0), momenta(opt, kind), id + " momentum at construction");
                for (int e = 1; e < lr.size(); e++) {
                    opt.step();
                    switch (s) {
                        case LRScheduler l -> l.step();
                        case SequentialLR l -> l.step();
                        case ReduceLROnPlateau l -> l.step(d(metrics.get(e - 1)));
                        default -> throw new IllegalArgumentException();
                    }
                    assertSeq(lr.get(e), lrs(opt), id + " lr after step " + e);
                    assertSeq(lr.get(e), lastLr(s), id + " getLastLr after step " + e);
                    assertSeq(mom.get(e), momenta(opt, kind), id + " momentum after step " + e);
                }
            }));
        }
        return out;
    }

    @Test
    void steppingASchedulerBeforeTheOptimizerIsAnError() {
        for (Function<Optimizer, LRScheduler> make : List.<Function<Optimizer, LRScheduler>>of(
                o -> new StepLR(o, 2), o -> new CosineAnnealingLR(o, 3), o -> new OneCycleLR(o, 0.1, 10))) {
            Optimizer opt = optimizer("sgd", new double[] {0.1});
            LRScheduler s = make.apply(opt);
            var e = assertThrows(IllegalStateException.class, s::step);
            assertTrue(e.getMessage().contains("before optimizer.step()"), e.getMessage());
            opt.step();
            s.step();
        }
        // Steps the optimizer took before the scheduler existed do not count.
        Optimizer used = optimizer("sgd", new double[] {0.1});
        used.step();
        LRScheduler late = new StepLR(used, 2);
        assertThrows(IllegalStateException.class, late::step);
    }

    @Test
    void oneCycleRefusesToStepPastTotalSteps() {
        Optimizer opt = optimizer("sgd", new double[] {0.1});
        OneCycleLR s = new OneCycleLR(opt, 0.1, 5);
        for (int k = 0; k < 5; k++) {
            opt.step();
            s.step();
        }
        var e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("total steps is 5"), e.getMessage());
    }

    @Test
    void oneCycleNeedsMomentumToCycleIt() {
        Tensor p = Ravel.zeros(1).requiresGrad_();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OneCycleLR(new dev.ravel.optim.Adagrad(List.of(p), 0.1), 0.1, 10));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    @Test
    void invalidSchedulerArguments() {
        Optimizer opt = optimizer("sgd", new double[] {0.1});
        assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(opt, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt, "up", 0.1, 1, 0, "rel", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt, "min", 1.5, 1, 0, "rel", 0, 0, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt,
                List.of(new StepLR(opt, 2), new StepLR(opt, 3)), new int[] {1, 2}));
        assertTrue(e.getMessage().contains("one more than the number of milestone"), e.getMessage());
        Optimizer other = optimizer("sgd", new double[] {0.1});
        assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(opt, List.of(new StepLR(opt, 2), new StepLR(other, 3)), new int[] {1}));
    }

    @Test
    void schedulerStateDictRoundTrip() {
        Optimizer a = optimizer("sgd", new double[] {0.1, 0.05});
        CosineAnnealingLR sa = new CosineAnnealingLR(a, 7, 0.001);
        for (int k = 0; k < 4; k++) {
            a.step();
            sa.step();
        }
        Map<String, Object> saved = sa.stateDict();
        assertEquals(4, saved.get("last_epoch"));
        Optimizer b = optimizer("sgd", new double[] {0.1, 0.05});
        CosineAnnealingLR sb = new CosineAnnealingLR(b, 7, 0.001);
        sb.loadStateDict(saved);
        for (int g = 0; g < 2; g++) {
            b.paramGroups().get(g).setLr(a.paramGroups().get(g).lr());
        }
        for (int k = 0; k < 5; k++) {
            a.step();
            sa.step();
            b.step();
            sb.step();
            assertArrayEquals(sa.getLastLr(), sb.getLastLr());
        }
    }
}
