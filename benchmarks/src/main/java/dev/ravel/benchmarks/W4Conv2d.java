package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Conv2d;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * W4 (Ravel only): Conv2d 3x3, stride 1, padding 1, forward + backward,
 * {@code conv(inp).sum().backward()} with the input requiring grad and all grads reset to none
 * before each call: 1->32 on [64,1,28,28] ({@code cin=1}) and 32->64 on [64,32,14,14] ({@code cin=32}).
 */
public class W4Conv2d extends RavelBench {
    @Param({"1", "32"})
    public int cin;

    private Conv2d conv;
    private Tensor inp;

    @Setup(Level.Trial)
    public void setup() {
        TrainStep.init();
        int cout = cin == 1 ? 32 : 64;
        int hw = cin == 1 ? 28 : 14;
        conv = new Conv2d(cin, cout, 3, 1, 1);
        inp = Ravel.rand(64, cin, hw, hw).requiresGrad_();
    }

    @Benchmark
    public Tensor convForwardBackward() {
        conv.zeroGrad(true);
        inp.setGrad(null);
        conv.forward(inp).sum().backward();
        return inp.grad();
    }
}
