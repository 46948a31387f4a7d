package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.optim.AdamW;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * W9 (Ravel only): TinyTransformer LM step (embedding 256x256 + learned positions, one pre-norm
 * encoder layer d 256, 4 heads, ff 1024, GELU, dropout 0.1, float causal mask, linear head over 256
 * tokens), batch 16, seq 128, AdamW(3e-4) with its default weight decay 0.01, targets [16*128].
 */
public class W9TransformerStep extends RavelBench {
    private TrainStep step;

    /** A fresh model for every iteration: see {@link TrainStep}. */
    @Setup(Level.Iteration)
    public void setup() {
        TrainStep.init();
        Models.TinyTransformer model = new Models.TinyTransformer();
        step = new TrainStep(model, new AdamW(model.parameters(), 3e-4), Ravel.randint(0, 256, new int[] {16, 128}),
                Ravel.randint(0, 256, new int[] {16 * 128})).check("W9");
    }

    @Benchmark
    public Tensor trainStep() {
        return step.step();
    }
}
