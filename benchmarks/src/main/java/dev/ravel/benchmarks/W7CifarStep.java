package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Sequential;
import dev.ravel.optim.AdamW;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/** W7 (Ravel only): seed CIFAR-10 CNN train step, batch 128, AdamW(1e-3, weight decay 1e-4), cross-entropy. */
public class W7CifarStep extends RavelBench {
    private TrainStep step;

    /** A fresh model for every iteration: see {@link TrainStep}. */
    @Setup(Level.Iteration)
    public void setup() {
        TrainStep.init();
        Sequential model = Models.cifarCnn();
        step = new TrainStep(model, new AdamW(model.parameters(), 1e-3, 1e-4), Ravel.rand(128, 3, 32, 32),
                Ravel.randint(0, 10, new int[] {128})).check("W7");
    }

    @Benchmark
    public Tensor trainStep() {
        return step.step();
    }
}
