package dev.ravel.tensor.cpu;

/**
 * Row-major general matrix multiply on heap arrays: {@code C = alpha * op(A) op(B) + beta * C}.
 * One small interface so that a second provider (oneDNN's sgemm for large sizes, say) is one class.
 */
public interface Gemm {
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
               double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

    /** Threads the provider may use inside one call. */
    void setNumThreads(int threads);
}
