package dev.ravel.benchmarks;

import dev.ravel.tensor.NDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * W2 and W3 in Ravel with nothing closed: every result (and the temporary {@code x*y}) is left to
 * the GC, as code written without {@link NDArray#close()} does. Each call then gets fresh memory,
 * which the JVM zeroes on the calling thread and which has left the cache; the W2 and W3 classes
 * close their results as DJL's and ND4J's are closed. Same inputs and calls as theirs.
 */
public class ResultsLeftToGc extends BenchBase {
    private W2Elementwise.OnRavel w2;
    private W3Reductions.OnRavel w3;

    @Setup(Level.Trial)
    public void setup() {
        w2 = (W2Elementwise.OnRavel) W2Elementwise.create(Bench.RAVEL);
        w3 = (W3Reductions.OnRavel) W3Reductions.create(Bench.RAVEL);
    }

    @Benchmark
    public Object mulAdd() {
        return w2.mulAddTemporaryUnclosed();
    }

    @Benchmark
    public Object gelu() {
        return w2.gelu();
    }

    @Benchmark
    public Object sumLastDim() {
        return w3.sumLastDim();
    }

    @Benchmark
    public Object softmaxLastDim() {
        return w3.softmaxLastDim();
    }
}
