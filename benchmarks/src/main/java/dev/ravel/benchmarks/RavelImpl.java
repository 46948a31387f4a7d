package dev.ravel.benchmarks;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Parallelism;
import dev.ravel.tensor.cpu.CpuBackend;

/**
 * Base of the Ravel implementations: sets the thread count; results are closed after each call
 * ({@link NDArray#close()}), as DJL's and ND4J's are, so their memory serves the next call as
 * PyTorch's allocator serves its own. {@link ResultsLeftToGc} times the same calls without.
 */
abstract class RavelImpl implements LibImpl {
    private static boolean initialised;

    RavelImpl() {
        init();
    }

    static synchronized void init() {
        if (!initialised) {
            Parallelism.setNumThreads(Bench.THREADS);
            System.err.println("[bench] ravel: " + CpuBackend.INSTANCE.describe());
            initialised = true;
        }
    }

    static NDArray array(float[] data, int... shape) {
        return NDArray.fromArray(data, shape);
    }

    @Override
    public void release(Object result) {
        ((NDArray) result).close();
    }

    @Override
    public float[] toFloats(Object result) {
        return ((NDArray) result).toFloatArray();
    }

    @Override
    public void close() {
    }
}
