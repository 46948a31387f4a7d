package dev.ravel.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W2: elementwise {@code x*y + x} and {@code gelu(x)} on 4M float32 (x, y uniform [0,1)).
 * {@code x*y + x} is written as PyTorch evaluates it: two out-of-place ops, a temporary and the result.
 */
public class W2Elementwise extends BenchBase {
    static final int N = 1 << 22;

    @Param({Bench.RAVEL, Bench.DJL, Bench.ND4J})
    public String lib;

    private Impl impl;

    interface Impl extends LibImpl {
        Object mulAdd();

        Object gelu();
    }

    static Impl create(String lib) {
        float[] x = Bench.uniform(1, N);
        float[] y = Bench.uniform(2, N);
        return switch (lib) {
            case Bench.RAVEL -> new OnRavel(x, y);
            case Bench.DJL -> new OnDjl(x, y);
            case Bench.ND4J -> new OnNd4j(x, y);
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
    public void mulAdd(Blackhole bh) {
        Object r = impl.mulAdd();
        bh.consume(r);
        impl.release(r);
    }

    @Benchmark
    public void gelu(Blackhole bh) {
        Object r = impl.gelu();
        bh.consume(r);
        impl.release(r);
    }

    static final class OnRavel extends RavelImpl implements Impl {
        private final dev.ravel.tensor.NDArray x;
        private final dev.ravel.tensor.NDArray y;

        OnRavel(float[] x, float[] y) {
            this.x = array(x, N);
            this.y = array(y, N);
        }

        @Override
        public Object mulAdd() {
            try (dev.ravel.tensor.NDArray t = x.mul(y)) {
                return t.add(x);
            }
        }

        /** {@link #mulAdd} with the temporary left to the GC ({@link ResultsLeftToGc}). */
        dev.ravel.tensor.NDArray mulAddTemporaryUnclosed() {
            return x.mul(y).add(x);
        }

        @Override
        public Object gelu() {
            return x.gelu();
        }
    }

    static final class OnDjl extends DjlImpl implements Impl {
        private final ai.djl.ndarray.NDArray x;
        private final ai.djl.ndarray.NDArray y;

        OnDjl(float[] x, float[] y) {
            this.x = array(x, N);
            this.y = array(y, N);
        }

        @Override
        public Object mulAdd() {
            try (ai.djl.ndarray.NDArray t = x.mul(y)) {
                return t.add(x);
            }
        }

        @Override
        public Object gelu() {
            return ai.djl.nn.Activation.gelu(x); // torch.nn.functional.gelu: exact (erf)
        }
    }

    static final class OnNd4j extends Nd4jImpl implements Impl {
        private final INDArray x;
        private final INDArray y;

        OnNd4j(float[] x, float[] y) {
            this.x = array(x, N);
            this.y = array(y, N);
        }

        @Override
        public Object mulAdd() {
            INDArray t = x.mul(y);
            INDArray r = t.add(x);
            t.close();
            return r;
        }

        /**
         * ND4J has no exact (erf) GELU. Its GELU op, the one DL4J's Activation.GELU uses, is
         * {@code x * sigmoid(1.702 x)} (up to 6.4e-3 off on [0,1)); its PreciseGELU is meant as the tanh
         * approximation but in 1.0.0-M2.1 cubes {@code 0.044715 x} instead of multiplying {@code x^3}
         * by 0.044715 (1e-2 off at x = 1), so the plain GELU op is timed.
         */
        @Override
        public Object gelu() {
            INDArray z = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            return Nd4j.getExecutioner().exec(new GELU(x, z));
        }
    }
}
