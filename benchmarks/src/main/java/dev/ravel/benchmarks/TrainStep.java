package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.nn.Module;
import dev.ravel.optim.Optimizer;

/**
 * One training step of W5-W9, as {@code train_step} in {@code torch_reference.py}:
 * {@code zeroGrad (set to none); loss = lossFn(model(x), y); loss.backward(); opt.step()} on fixed
 * random inputs, the model in training mode (dropout active).
 *
 * <p>Each JMH iteration (2 s) builds a fresh, identically seeded model and optimizer, so the steps
 * timed are a model's first thousand or so on its one batch, as {@code torch_reference.py}'s 2-s
 * budget times its first steps. Kept for all 16 s of warm-up and measurement, the model fits the
 * batch until its loss is ~0, and its gradients and Adam moments underflow to subnormal floats,
 * whose arithmetic x86 runs many times slower without flush-to-zero (measured: Adam's update of
 * [256, 784] 38 us on normal values, 420 us after ~9000 steps; the W5 step 1.0 ms over a model's
 * first 1000 steps, 1.8 ms over steps 4000-9000). Real training, with new batches, does not
 * spend its time there; PyTorch, which does not flush subnormals by default either, would.
 */
final class TrainStep {
    private final Module model;
    private final Optimizer opt;
    private final CrossEntropyLoss lossFn = new CrossEntropyLoss();
    private final Tensor x;
    private final Tensor y;

    TrainStep(Module model, Optimizer opt, Tensor x, Tensor y) {
        this.model = model;
        this.opt = opt;
        this.x = x;
        this.y = y;
    }

    /** The Ravel set-up every Ravel-only workload shares: the thread count (2), then the seed. */
    static void init() {
        RavelImpl.init();
        Ravel.manualSeed(0);
    }

    /** One step; returns the loss (computed before the update). */
    Tensor step() {
        opt.zeroGrad(true);
        Tensor loss = lossFn.forward(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss;
    }

    /**
     * Runs a few steps before timing and fails on a non-finite loss, so a broken model never gets
     * timed; prints the first and last loss (the loss on fixed inputs should go down).
     */
    TrainStep check(String workload) {
        double first = step().item();
        double last = first;
        for (int i = 0; i < 2; i++) {
            last = step().item();
        }
        if (!Double.isFinite(first) || !Double.isFinite(last)) {
            throw new IllegalStateException(workload + ": loss is not finite (" + first + ", " + last + ")");
        }
        System.err.printf("[bench] %s: loss %.4f after 1 step, %.4f after 3%n", workload, first, last);
        return this;
    }
}
