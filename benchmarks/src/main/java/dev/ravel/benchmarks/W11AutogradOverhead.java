package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * W11 (Ravel only): autograd overhead on tiny tensors. {@code y = xs} ([16], requires grad); 100 times
 * {@code y = tanh(y*1.01 + 0.1)} (300 recorded ops); {@code xs.grad = None}; {@code y.sum().backward()}.
 * The table divides the time of one call by {@link #OPS} (us per op), as torch_reference.py does.
 */
public class W11AutogradOverhead extends RavelBench {
    static final int OPS = 300;

    private Tensor xs;

    @Setup(Level.Trial)
    public void setup() {
        TrainStep.init();
        xs = Ravel.randn(16).requiresGrad_();
    }

    @Benchmark
    public Tensor tinyOps() {
        Tensor y = xs;
        for (int i = 0; i < 100; i++) {
            y = y.mul(1.01).add(0.1).tanh();
        }
        xs.setGrad(null);
        y.sum().backward();
        return xs.grad();
    }
}
