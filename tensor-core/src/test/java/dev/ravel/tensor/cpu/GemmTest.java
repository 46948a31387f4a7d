package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * oneDNN, OpenBLAS, the Java GEMM and a partitioned one agree with a double reference (and so with each other) for every
 * transpose combination, leading dimensions larger than the matrix, offsets, alpha and beta;
 * elements of C outside the m x n window are never written.
 */
class GemmTest {
    private static final float GUARD = -777.25f;

    static Stream<Named<Supplier<Gemm>>> gemms() {
        return Stream.of(
                Named.of("openblas", GemmTest::openBlasOrNull),
                Named.of("dnnl", GemmTest::dnnlOrNull),
                Named.of("java-scalar", () -> new JavaGemm(new ScalarFloatKernels())),
                // cut into one block per thread when large or matrix-vector-like (see PartitionedGemm)
                Named.of("partitioned", () -> new PartitionedGemm(new JavaGemm(new ScalarFloatKernels()))),
                Named.of("java-vector", () -> {
                    FloatKernels v = FloatKernelsProvider.vectorOrNull();
                    return v == null ? null : new JavaGemm(v);
                }));
    }

    private static Gemm openBlasOrNull() {
        try {
            return new OpenBlasGemm();
        } catch (Throwable t) {
            return null;
        }
    }

    private static Gemm dnnlOrNull() {
        try {
            return new DnnlGemm(new JavaGemm(new ScalarFloatKernels()));
        } catch (Throwable t) {
            return null;
        }
    }

    private static Gemm obtain(Supplier<Gemm> s) {
        Gemm g = s.get();
        assumeTrue(g != null, "this GEMM cannot be loaded on this platform (oneDNN or OpenBLAS native library, or Vector API)");
        return g;
    }

    /** C = alpha * op(A) op(B) + beta * C in double, reading A and B through their leading dimensions. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int ao,
                                      int lda, double[] b, int bo, int ldb, double beta, double[] c, int co, int ldc) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    double bv = tb ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    s += av * bv;
                }
                out[co + i * ldc + j] = alpha * s + (beta == 0 ? 0 : beta * c[co + i * ldc + j]);
            }
        }
        return out;
    }

    private record Shape(int m, int n, int k) {
    }

    private static List<Shape> shapes() {
        List<Shape> out = new ArrayList<>();
        int[] dims = {1, 2, 7, 16, 17, 33, 64};
        for (int m : dims) {
            for (int n : dims) {
                out.add(new Shape(m, n, (m * 3 + n) % 40 + 1));
            }
        }
        out.add(new Shape(129, 65, 257));
        out.add(new Shape(1, 300, 200));
        out.add(new Shape(300, 1, 200));
        // above DnnlGemm.SMALL_MACS, so that oneDNN itself runs them
        out.add(new Shape(65, 70, 60));
        out.add(new Shape(3, 300, 400));
        out.add(new Shape(500, 2, 300));
        // matrix-vector-like, streaming over PartitionedGemm.MIN_STREAMED_ELEMENTS of one operand
        out.add(new Shape(1, 300, 250));
        out.add(new Shape(260, 3, 270));
        return out;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return d;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void sgemmEveryTransposeAndLeadingDimension(Supplier<Gemm> provider) {
        Gemm g = obtain(provider);
        for (Shape s : shapes()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int pad : new int[] {0, 3}) {
                        run(g, s, ta, tb, pad, 1.0, 0.0);
                    }
                }
            }
            run(g, s, false, true, 1, -0.5, 2.0);
            run(g, s, true, false, 2, 1.5, 1.0);
        }
    }

    private static void run(Gemm g, Shape s, boolean ta, boolean tb, int pad, double alpha, double beta) {
        int m = s.m;
        int n = s.n;
        int k = s.k;
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + 2 * pad;
        int ldc = n + pad;
        int ao = pad;
        int bo = 2 * pad + 1;
        int co = pad;
        double[] a = random(ao + aRows * lda, m * 31L + k);
        double[] b = random(bo + bRows * ldb, n * 17L + k);
        double[] c = new double[co + m * ldc + pad];
        java.util.Arrays.fill(c, GUARD);
        double[] cInit = random(c.length, 99);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[co + i * ldc + j] = beta == 0 ? Float.NaN : cInit[co + i * ldc + j];   // beta 0: C is ignored
            }
        }
        double[] e = reference(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
        float[] cf = floats(c);
        g.sgemm(ta, tb, m, n, k, (float) alpha, floats(a), ao, lda, floats(b), bo, ldb, (float) beta, cf, co, ldc);
        double[] cd = c.clone();
        g.dgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, cd, co, ldc);
        String ctx = g.name() + " " + s + " transA=" + ta + " transB=" + tb + " pad=" + pad + " alpha=" + alpha
                + " beta=" + beta;
        for (int i = 0; i < c.length; i++) {
            int row = (i - co) / ldc;
            int col = (i - co) % ldc;
            boolean inside = i >= co && row < m && col < n;
            if (!inside) {
                if (cf[i] != GUARD || cd[i] != GUARD) {
                    fail(ctx + ": wrote outside C at " + i);
                }
                continue;
            }
            double tolF = 2e-6 * (k + 2);
            if (Math.abs(cf[i] - e[i]) > tolF) {
                fail(ctx + " sgemm at (" + row + ", " + col + "): expected " + e[i] + " but was " + cf[i]);
            }
            if (Math.abs(cd[i] - e[i]) > 1e-13 * (k + 2)) {
                fail(ctx + " dgemm at (" + row + ", " + col + "): expected " + e[i] + " but was " + cd[i]);
            }
        }
    }

    @Test
    void openBlasAndJavaAgreeOnALargeProduct() {
        Gemm blas = openBlasOrNull();
        assumeTrue(blas != null, "OpenBLAS cannot be loaded on this platform");
        Gemm java = new JavaGemm(FloatKernelsProvider.get());
        int m = 200;
        int n = 150;
        int k = 333;
        float[] a = floats(random(k * m, 1));          // stored [k, m]: read transposed
        float[] b = floats(random(k * n, 2));
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        blas.sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, c1, 0, n);
        java.sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, c2, 0, n);
        for (int i = 0; i < c1.length; i++) {
            assertEquals(c1[i], c2[i], 2e-6 * k, "element " + i);
        }
    }

    @Test
    void oneDnnLeavesSmallAndFloat64ProductsToBlas() {
        int[] calls = new int[2];
        Gemm java = new JavaGemm(new ScalarFloatKernels());
        Gemm counting = new Gemm() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void setNumThreads(int threads) {
            }

            @Override
            public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda,
                              float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
                calls[0]++;
                java.sgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }

            @Override
            public void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int ao, int lda,
                              double[] b, int bo, int ldb, double beta, double[] c, int co, int ldc) {
                calls[1]++;
                java.dgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        };
        Gemm dnnl;
        try {
            dnnl = new DnnlGemm(counting);
        } catch (Throwable t) {
            dnnl = null;
        }
        assumeTrue(dnnl != null, "oneDNN cannot be loaded on this platform");
        int n = 64;   // 64^3 = SMALL_MACS: to blas
        dnnl.sgemm(false, false, n, n, n, 1f, new float[n * n], 0, n, new float[n * n], 0, n, 0f, new float[n * n], 0, n);
        assertEquals(1, calls[0]);
        int big = 65;
        dnnl.sgemm(false, false, big, big, big, 1f, new float[big * big], 0, big, new float[big * big], 0, big, 0f,
                new float[big * big], 0, big);
        assertEquals(1, calls[0], "above SMALL_MACS oneDNN runs it");
        dnnl.dgemm(false, false, 2, 2, 2, 1, new double[4], 0, 2, new double[4], 0, 2, 0, new double[4], 0, 2);
        assertEquals(1, calls[1]);
    }

    @Test
    void smallProductsLeaveOpenBlasOnlyWhenItRunsNarrowerKernelsThanOneDnn() {
        int avx2 = 0x7;
        assertTrue(DnnlGemm.smallProductsToBlas("SkylakeX", DnnlGemm.ISA_AVX512_CORE));
        assertTrue(DnnlGemm.smallProductsToBlas("COOPERLAKE", DnnlGemm.ISA_AVX512_CORE | 0x80));
        assertTrue(DnnlGemm.smallProductsToBlas("Haswell", avx2), "both AVX2");
        assertTrue(DnnlGemm.smallProductsToBlas(null, DnnlGemm.ISA_AVX512_CORE), "not OpenBLAS");
        assertFalse(DnnlGemm.smallProductsToBlas("Haswell", DnnlGemm.ISA_AVX512_CORE));
        assertFalse(DnnlGemm.smallProductsToBlas("Zen", DnnlGemm.ISA_AVX512_CORE));
    }

    @Test
    void openBlasReportsItsConfigAndTakesAThreadCount() {
        Gemm blas = openBlasOrNull();
        assumeTrue(blas != null, "OpenBLAS cannot be loaded on this platform");
        assertFalse(blas.name().isBlank());
        assertTrue(blas.name().toLowerCase(java.util.Locale.ROOT).contains("openblas"), blas.name());
        try {
            blas.setNumThreads(1);
            float[] c = new float[4];
            blas.sgemm(false, false, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {1, 0, 0, 1}, 0, 2, 0f,
                    c, 0, 2);
            assertEquals(4f, c[3]);
        } finally {
            blas.setNumThreads(Parallel.numThreads());
        }
    }
}
