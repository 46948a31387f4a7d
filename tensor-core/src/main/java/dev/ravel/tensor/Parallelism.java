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
}
