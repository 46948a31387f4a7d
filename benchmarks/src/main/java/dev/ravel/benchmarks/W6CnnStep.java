package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/** W6 (Ravel only): seed MNIST CNN train step, batch 64, Adam 1e-3, cross-entropy, random inputs. */
public class W6CnnStep extends RavelBench {
    private TrainStep step;

    /** A fresh model for every iteration: see {@link TrainStep}. */
    @Setup(Level.Iteration)
    public void setup() {
        TrainStep.init();
        Models.ConvDigitClassifier model = new Models.ConvDigitClassifier();
        step = new TrainStep(model, new Adam(model.parameters(), 1e-3), Ravel.rand(64, 1, 28, 28),
                Ravel.randint(0, 10, new int[] {64})).check("W6");
    }

    @Benchmark
    public Tensor trainStep() {
        return step.step();
    }
}
