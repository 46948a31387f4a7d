package dev.ravel.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** W3: {@code sum(dim=-1)} and {@code softmax(dim=-1)} on float32 [4096, 1024] (uniform [0,1)). */
public class W3Reductions extends BenchBase {
    static final int ROWS = 4096;
    static final int COLS = 1024;

    @Param({Bench.RAVEL, Bench.DJL, Bench.ND4J})
    public String lib;

    private Impl impl;

    interface Impl extends LibImpl {
        Object sumLastDim();

        Object softmaxLastDim();
    }

    static Impl create(String lib) {
        float[] m = Bench.uniform(1, ROWS * COLS);
        return switch (lib) {
            case Bench.RAVEL -> new OnRavel(m);
            case Bench.DJL -> new OnDjl(m);
            case Bench.ND4J -> new OnNd4j(m);
            default -> throw new IllegalArgumentException("unknown lib " + lib);
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        impl = create(lib);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        impl.close();
    }

    @Benchmark
    public void sumLastDim(Blackhole bh) {
        Object r = impl.sumLastDim();
        bh.consume(r);
        impl.release(r);
    }

    @Benchmark
    public void softmaxLastDim(Blackhole bh) {
        Object r = impl.softmaxLastDim();
        bh.consume(r);
        impl.release(r);
    }

    static final class OnRavel extends RavelImpl implements Impl {
        private final dev.ravel.tensor.NDArray m;

        OnRavel(float[] m) {
            this.m = array(m, ROWS, COLS);
        }

        @Override
        public Object sumLastDim() {
            return m.sum(-1);
        }

        @Override
        public Object softmaxLastDim() {
            return m.softmax(-1);
        }
    }

    static final class OnDjl extends DjlImpl implements Impl {
        private final ai.djl.ndarray.NDArray m;

        OnDjl(float[] m) {
            this.m = array(m, ROWS, COLS);
        }

        @Override
        public Object sumLastDim() {
            return m.sum(new int[] {-1});
        }

        @Override
        public Object softmaxLastDim() {
            return m.softmax(-1);
        }
    }

    static final class OnNd4j extends Nd4jImpl implements Impl {
        private final INDArray m;

        OnNd4j(float[] m) {
            this.m = array(m, ROWS, COLS);
        }

        @Override
        public Object sumLastDim() {
            return m.sum(1);
        }

        @Override
        public Object softmaxLastDim() {
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, ROWS, COLS);
            Nd4j.exec(new SoftMax(m, out, 1));
            return out;
        }
    }
}
