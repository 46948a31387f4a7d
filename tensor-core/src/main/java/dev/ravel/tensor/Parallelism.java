package dev.ravel.tensor;

import dev.ravel.tensor.cpu.CpuBackend;
import dev.ravel.tensor.cpu.Parallel;

/** How many threads CPU ops use: the intra-op pool and OpenBLAS, set together ({@code torch.set_num_threads}). */
public final class Parallelism {
    private Parallelism() {
    }

    public static void setNumThreads(int n) {
        CpuBackend.INSTANCE.setNumThreads(n);
    }

    public static int numThreads() {
        return Parallel.numThreads();
    }

    /**
     * Runs body with ops on this thread kept single-threaded: for threads that already run in
     * parallel with others (data-loading workers), so they don't compete for the intra-op pool.
     */
    public static <T> T serially(java.util.function.Supplier<T> body) {
        return Parallel.serially(body);
    }
}
