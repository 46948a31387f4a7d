package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W8 (Ravel only): seed BiLSTM classifier (vocab 10000, embed 128, hidden 256, bidirectional, 2 classes)
 * train step, batch 32, seq 100 (random tokens), Adam 1e-3. A step takes about a second, so the
 * iterations are longer than the suite's default (each is one sample or more).
 */
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class W8LstmStep extends RavelBench {
    private TrainStep step;

    /** A fresh model for every iteration: see {@link TrainStep}. */
    @Setup(Level.Iteration)
    public void setup() {
        TrainStep.init();
        Models.SequenceClassifier model = new Models.SequenceClassifier(10000, 128, 256, 2);
        step = new TrainStep(model, new Adam(model.parameters(), 1e-3), Ravel.randint(0, 10000, new int[] {32, 100}),
                Ravel.randint(0, 2, new int[] {32})).check("W8");
    }

    @Benchmark
    public Tensor trainStep() {
        return step.step();
    }
}
