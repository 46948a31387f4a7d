package dev.ravel.benchmarks;

import dev.ravel.tensor.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * W2 and W3 in Ravel with nothing closed: every result (and the temporary {@code x*y}) is left to
 * the GC, as code written without {@link NDArray#close()} does. Each call then gets fresh memory,
 * which the JVM zeroes on the calling thread and which has left the cache; the W2 and W3 classes
 * close their results as DJL's and ND4J's are closed. The inputs are theirs.
 */
public class ResultsLeftToGc extends BenchBase {
    private NDArray x;
    private NDArray y;
    private NDArray m;

    @Setup(Level.Trial)
    public void setup() {
        RavelImpl.init();
        x = RavelImpl.array(Bench.uniform(1, W2Elementwise.N), W2Elementwise.N);
        y = RavelImpl.array(Bench.uniform(2, W2Elementwise.N), W2Elementwise.N);
        m = RavelImpl.array(Bench.uniform(1, W3Reductions.ROWS * W3Reductions.COLS), W3Reductions.ROWS, W3Reductions.COLS);
    }

    @Benchmark
    public NDArray mulAdd() {
        return x.mul(y).add(x);
    }

    @Benchmark
    public NDArray gelu() {
        return x.gelu();
    }

    @Benchmark
    public NDArray sumLastDim() {
        return m.sum(-1);
    }

    @Benchmark
    public NDArray softmaxLastDim() {
        return m.softmax(-1);
    }
}
