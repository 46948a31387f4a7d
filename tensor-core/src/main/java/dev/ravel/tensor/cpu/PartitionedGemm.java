package dev.ravel.tensor.cpu;

/**
 * A single-threaded {@link Gemm} run in parallel on Ravel's own pool: a large product is cut into
 * one block of C columns (or rows) per thread, each block one call of the inner GEMM; small
 * products, and calls made from inside a parallel region (a batch of matrices or of images
 * already spread over the threads), run as one call on the calling thread.
 *
 * <p>Why not let OpenBLAS thread itself: its workers spin-wait after each call, and on a machine
 * with as many busy threads as cores they steal the core from Ravel's next elementwise op (or
 * from the other half of a batched product). One pool whose idle threads park costs nothing
 * between ops, and measured on 2 cores it is as fast as OpenBLAS's own threading from 128^3 up
 * (1024^3: 357 against 380 GFLOP/s; 2048x768x256: 354 against 370). With oneDNN's sgemm inside
 * (see {@link DnnlGemm}): 1024^3 ~400 GFLOP/s, 256^3 ~375.
 */
final class PartitionedGemm implements Gemm {
    /** Below this many multiply-adds one thread is faster than waking another (64^3 is ~3 us). */
    static final long MIN_PARALLEL_MACS = 1L << 19;
    /** Blocks of C start at multiples of this, so no thread gets a ragged slice of a kernel tile. */
    private static final int ALIGN = 16;

    private final Gemm inner;

    /** {@code inner} must be single-threaded (this sets it so). */
    PartitionedGemm(Gemm inner) {
        this.inner = inner;
        inner.setNumThreads(1);
    }

    @Override
    public String name() {
        return inner.name() + ", single-threaded calls partitioned over Ravel's threads";
    }

    /**
     * A matrix-vector-like product (at most this many rows or columns of C) that streams at least
     * {@link #MIN_STREAMED_ELEMENTS} of the other operand is cut too, though it has few
     * multiply-adds: it is bound by reading that operand, and each core then reads its half from its
     * own cache (a batch-1 Linear(784, 256): 11 us on one thread).
     */
    static final int MAX_VECTOR_DIM = 4;
    static final long MIN_STREAMED_ELEMENTS = 1L << 16;

    /** The number of blocks to cut an m x n x k product into on this thread: 1 means one plain call. */
    private static int parts(int m, int n, int k) {
        boolean large = (long) m * n * k >= MIN_PARALLEL_MACS;
        boolean streamed = Math.min(m, n) <= MAX_VECTOR_DIM && (long) Math.max(m, n) * k >= MIN_STREAMED_ELEMENTS;
        if (Parallel.insideParallelRegion() || !(large || streamed)) {
            return 1;
        }
        int blocks = (Math.max(m, n) + ALIGN - 1) / ALIGN;
        return Math.min(Parallel.numThreads(), blocks);
    }

    /** Where block {@code p} of {@code parts} over {@code size} starts: a multiple of ALIGN, or size. */
    private static int start(int size, int parts, int p) {
        int blocks = (size + ALIGN - 1) / ALIGN;
        return Math.min(size, (int) ((long) blocks * p / parts) * ALIGN);
    }

    /** One inner call on a block: its rows and columns of C and the three offsets. */
    @FunctionalInterface
    private interface Block {
        void run(int rows, int cols, int aOff, int bOff, int cOff);
    }

    /** Runs {@code block} over the whole product, as one call or as one block per thread. */
    private static void partition(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff,
                                  int ldb, int cOff, int ldc, Block block) {
        int parts = parts(m, n, k);
        if (parts <= 1) {
            block.run(m, n, aOff, bOff, cOff);
            return;
        }
        boolean byColumns = n >= m;
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                if (byColumns) {
                    int j0 = start(n, parts, p);
                    int j1 = start(n, parts, p + 1);
                    if (j1 > j0) {
                        block.run(m, j1 - j0, aOff, bOff + (transB ? j0 * ldb : j0), cOff + j0);
                    }
                } else {
                    int i0 = start(m, parts, p);
                    int i1 = start(m, parts, p + 1);
                    if (i1 > i0) {
                        block.run(i1 - i0, n, aOff + (transA ? i0 : i0 * lda), bOff, cOff + i0 * ldc);
                    }
                }
            }
        });
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        partition(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, (rows, cols, ao, bo, co) ->
                inner.sgemm(transA, transB, rows, cols, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc));
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        partition(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, (rows, cols, ao, bo, co) ->
                inner.dgemm(transA, transB, rows, cols, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc));
    }

    /** The thread count is Ravel's ({@link Parallel#setNumThreads}); the inner GEMM stays single-threaded. */
    @Override
    public void setNumThreads(int threads) {
        inner.setNumThreads(1);
    }
}
