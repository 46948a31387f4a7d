package dev.ravel.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base of the ND4J implementations (nd4j-native CPU backend). ND4J's OpenMP pool takes its size
 * from OMP_NUM_THREADS, set here before ND4J loads; the environment and BLAS thread counts are set
 * through ND4J's API too. Results are closed as soon as they are consumed, so off-heap memory does
 * not wait for the GC.
 *
 * <p>OMP_WAIT_POLICY=PASSIVE (unless the environment sets a policy): ND4J's idle OpenMP threads
 * otherwise spin, and on two cores they starve OpenBLAS's worker thread, which spins too; a GEMM
 * of n=256 then takes 7-30 ms instead of 0.4 ms. See README.md, "ND4J and OpenMP".
 */
abstract class Nd4jImpl implements LibImpl {
    private static boolean initialised;

    Nd4jImpl() {
        init();
    }

    static synchronized void init() {
        if (!initialised) {
            Bench.ompThreads("nd4j");
            String wait = Bench.setenvIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            Nd4j.getEnvironment().setMaxThreads(Bench.THREADS);
            Nd4j.getEnvironment().setMaxMasterThreads(Bench.THREADS);
            Nd4j.factory().blas().setMaxThreads(Bench.THREADS);
            Nd4j.getMemoryManager().togglePeriodicGc(false);
            System.err.println("[bench] nd4j: backend " + Nd4j.getBackend().getClass().getSimpleName()
                    + ", blas threads " + Nd4j.factory().blas().getMaxThreads()
                    + ", env max threads " + Nd4j.getEnvironment().maxThreads() + ", OMP_WAIT_POLICY " + wait);
            initialised = true;
        }
    }

    static INDArray array(float[] data, int... shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return Nd4j.create(data, s, 'c');
    }

    @Override
    public void release(Object result) {
        INDArray a = (INDArray) result;
        if (a.closeable()) {
            a.close();
        }
    }

    @Override
    public float[] toFloats(Object result) {
        return ((INDArray) result).dup('c').data().asFloat();
    }

    @Override
    public void close() {
    }
}
