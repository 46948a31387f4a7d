package dev.ravel.tensor.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Float GEMM from oneDNN's single-call {@code dnnl_sgemm} ({@link DnnlLibrary}), through the same
 * "critical" FFM downcalls on heap arrays as {@link OpenBlasGemm}. oneDNN has no double GEMM: float64 goes to {@code blas}, and so
 * do the degenerate float products (an empty inner dimension), whose argument checks differ, and
 * usually the small ones ({@link #SMALL_MACS}, {@link #smallProductsToBlas}).
 *
 * <p>Single-threaded, oneDNN's AVX-512 kernels beat OpenBLAS's on the shapes the seed models make
 * (measured here: 64x288x196 205 against 143 GFLOP/s, 64x128x3136 187 against 123, 1024^3 209
 * against 194). Each call runs on the calling thread alone ({@link DnnlLibrary#singleThreaded}):
 * {@link PartitionedGemm} spreads large products over Ravel's own threads.
 */
final class DnnlGemm implements Gemm {
    /**
     * Products of at most this many multiply-adds go to {@code blas}: below it OpenBLAS's shorter
     * call path wins (measured: 32^3 1.03 against 1.31 us, 64^3 3.4 against 3.7, 32x9x784 4.0
     * against 4.6); from 128^3 on oneDNN is ahead (15.6 against 40 us).
     */
    static final long SMALL_MACS = 1L << 18;

    /** oneDNN's {@code dnnl_cpu_isa_avx512_core}: the bits of the AVX-512 instruction set it uses. */
    static final int ISA_AVX512_CORE = 0x27;
    /** OpenBLAS's processor types whose kernels use AVX-512. */
    private static final Set<String> OPENBLAS_AVX512_CORES = Set.of("skylakex", "cooperlake", "sapphirerapids");

    private final DnnlLibrary lib;
    private final MethodHandle sgemm;
    private final Gemm blas;
    private final String version;
    /** Whether products up to SMALL_MACS go to {@code blas} ({@link #smallProductsToBlas}). */
    private final boolean smallToBlas;

    DnnlGemm(Gemm blas) throws Throwable {
        this.blas = blas;
        lib = DnnlLibrary.get();
        MethodHandle isa = lib.handle("dnnl_get_effective_cpu_isa", FunctionDescriptor.of(JAVA_INT));
        smallToBlas = smallProductsToBlas(blas instanceof OpenBlasGemm o ? o.coreName() : null, (int) isa.invokeExact());
        // dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, N, K, float alpha, const float *A,
        //     dnnl_dim_t lda, const float *B, dnnl_dim_t ldb, float beta, float *C, dnnl_dim_t ldc), row-major
        sgemm = lib.handle("dnnl_sgemm", FunctionDescriptor.of(JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG),
                Linker.Option.critical(true));
        // const dnnl_version_t *dnnl_version(void): {int major, minor, patch; const char *hash; unsigned cpu_runtime, gpu_runtime}
        MethodHandle versionOf = lib.handle("dnnl_version", FunctionDescriptor.of(ADDRESS));
        MemorySegment v = ((MemorySegment) versionOf.invokeExact()).reinterpret(12);
        version = "oneDNN " + v.get(JAVA_INT, 0) + "." + v.get(JAVA_INT, 4) + "." + v.get(JAVA_INT, 8);
    }

    /**
     * Small products go to OpenBLAS unless it runs AVX2-era kernels on a processor where oneDNN runs
     * AVX-512 ones (an {@code OPENBLAS_CORETYPE=Haswell} in the environment does that): there
     * oneDNN won every float32 shape measured, [1, 784] x [784, 256] by 84 against 6 us, 64^3 by 6.4
     * against 2.9 us. Any other small-product GEMM (a Java one, a test's) keeps them.
     */
    static boolean smallProductsToBlas(String openBlasCore, int dnnlIsa) {
        boolean dnnlAvx512 = (dnnlIsa & ISA_AVX512_CORE) == ISA_AVX512_CORE;
        return openBlasCore == null || !dnnlAvx512
                || OPENBLAS_AVX512_CORES.contains(openBlasCore.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String name() {
        return version + " sgemm (" + (smallToBlas ? "up to " + SMALL_MACS + " multiply-adds and " : "") + "float64: "
                + blas.name() + ")";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0 || k == 0 || smallToBlas && (long) m * n * k <= SMALL_MACS) {
            blas.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int status;
        try {
            lib.singleThreaded();
            status = (int) sgemm.invokeExact(transA ? (byte) 'T' : (byte) 'N', transB ? (byte) 'T' : (byte) 'N',
                    (long) m, (long) n, (long) k, alpha, OpenBlasGemm.at(a, aOff), (long) lda, OpenBlasGemm.at(b, bOff), (long) ldb, beta,
                    OpenBlasGemm.at(c, cOff), (long) ldc);
        } catch (Throwable t) {
            throw OpenBlasGemm.rethrow(t);
        }
        if (status != 0) {
            throw new IllegalStateException("dnnl_sgemm failed with status " + status + " for m=" + m + " n=" + n
                    + " k=" + k + " transA=" + transA + " transB=" + transB + " lda=" + lda + " ldb=" + ldb + " ldc="
                    + ldc);
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        blas.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** oneDNN always runs on the calling thread alone; the count goes to the float64 GEMM. */
    @Override
    public void setNumThreads(int threads) {
        blas.setNumThreads(threads);
    }
}
