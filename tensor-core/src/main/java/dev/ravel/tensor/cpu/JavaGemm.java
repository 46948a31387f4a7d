package dev.ravel.tensor.cpu;

/**
 * Pure-Java GEMM, used only when OpenBLAS cannot be loaded on this platform: row-by-row axpy
 * over the float kernels, parallel over rows of C. Correct, and a few times slower than BLAS.
 */
final class JavaGemm implements Gemm {
    private final FloatKernels kernels;

    JavaGemm(FloatKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return "java (" + kernels.name() + ")";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // Make B row-major [k, n] so each C row is a sum of contiguous B rows.
        float[] bb = b;
        int bo = bOff;
        int bl = ldb;
        if (transB) {
            bb = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bb[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            bo = 0;
            bl = n;
        }
        float[] fb = bb;
        int fbo = bo;
        int fbl = bl;
        Parallel.forRange(m, Math.max(1, 32768 / Math.max(1, n * k)), (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
                }
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    kernels.axpy(alpha * av, fb, fbo + p * fbl, c, ci, n);
                }
            }
        });
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        Parallel.forRange(m, Math.max(1, 32768 / Math.max(1, n * k)), (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += av * bv;
                    }
                    c[ci + j] = alpha * s + (beta == 0 ? 0 : beta * c[ci + j]);
                }
            }
        });
    }

    @Override
    public void setNumThreads(int threads) {
        // Uses the shared intra-op pool.
    }
}
