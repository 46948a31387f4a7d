package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.autograd.GradMode;
import dev.ravel.nn.Module;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * W10 (Ravel only): inference latency at batch 1 under no-grad, models in eval mode (dropout off):
 * the seed MLP and the seed CNN on one [1,1,28,28] input. The no-grad guard is entered inside each
 * call (grad mode is per thread and JMH does not promise that set-up runs on the timing thread);
 * PyTorch's reference enters it once around the loop.
 */
public class W10Inference extends RavelBench {
    private Module mlp;
    private Module cnn;
    private Tensor one;

    @Setup(Level.Trial)
    public void setup() {
        TrainStep.init();
        mlp = new Models.DigitClassifier();
        cnn = new Models.ConvDigitClassifier();
        mlp.eval();
        cnn.eval();
        one = Ravel.rand(1, 1, 28, 28);
    }

    @Benchmark
    public Tensor mlp() {
        try (GradMode.Guard g = Ravel.noGrad()) {
            return mlp.forward(one);
        }
    }

    @Benchmark
    public Tensor cnn() {
        try (GradMode.Guard g = Ravel.noGrad()) {
            return cnn.forward(one);
        }
    }
}
