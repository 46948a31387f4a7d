package dev.ravel.benchmarks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** W1: {@code a @ b} on float32 [n,n] x [n,n], n = 64, 256, 1024 (GFLOP/s = 2 n^3 / time). */
public class W1Matmul extends BenchBase {
    @Param({"64", "256", "1024"})
    public int n;

    @Param({Bench.RAVEL, Bench.DJL, Bench.ND4J})
    public String lib;

    private Impl impl;

    interface Impl extends LibImpl {
        Object matmul();
    }

    static Impl create(String lib, int n) {
        float[] a = Bench.uniform(1, n * n);
        float[] b = Bench.uniform(2, n * n);
        return switch (lib) {
            case Bench.RAVEL -> new OnRavel(a, b, n);
            case Bench.DJL -> new OnDjl(a, b, n);
            case Bench.ND4J -> new OnNd4j(a, b, n);
            default -> throw new IllegalArgumentException("unknown lib " + lib);
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        impl = create(lib, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        impl.close();
    }

    @Benchmark
    public void matmul(Blackhole bh) {
        Object r = impl.matmul();
        bh.consume(r);
        impl.release(r);
    }

    static final class OnRavel extends RavelImpl implements Impl {
        private final dev.ravel.tensor.NDArray a;
        private final dev.ravel.tensor.NDArray b;

        OnRavel(float[] a, float[] b, int n) {
            this.a = array(a, n, n);
            this.b = array(b, n, n);
        }

        @Override
        public Object matmul() {
            return a.matmul(b);
        }
    }

    static final class OnDjl extends DjlImpl implements Impl {
        private final ai.djl.ndarray.NDArray a;
        private final ai.djl.ndarray.NDArray b;

        OnDjl(float[] a, float[] b, int n) {
            this.a = array(a, n, n);
            this.b = array(b, n, n);
        }

        @Override
        public Object matmul() {
            return a.matMul(b);
        }
    }

    static final class OnNd4j extends Nd4jImpl implements Impl {
        private final INDArray a;
        private final INDArray b;

        OnNd4j(float[] a, float[] b, int n) {
            this.a = array(a, n, n);
            this.b = array(b, n, n);
        }

        @Override
        public Object matmul() {
            return a.mmul(b);
        }
    }
}
