package dev.ravel.tensor.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * cblas_sgemm / cblas_dgemm from OpenBLAS (the org.bytedeco:openblas jar; JavaCPP's Loader
 * extracts and loads the native library) through FFM downcalls. The handles are "critical" with
 * heap access allowed, so Java arrays are passed in place: no copy, no pinning API, ~50 ns a call.
 */
final class OpenBlasGemm implements Gemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private final MethodHandle sgemm;
    private final MethodHandle dgemm;
    private final MethodHandle setThreads;
    private final String config;
    private final String coreName;

    OpenBlasGemm() throws Throwable {
        // Loads libopenblas (and its libgfortran) into the process; the loader lookup then sees it.
        Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        sgemm = linker.downcallHandle(find(lookup, "cblas_sgemm"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT,
                ADDRESS, JAVA_INT), critical);
        dgemm = linker.downcallHandle(find(lookup, "cblas_dgemm"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE,
                ADDRESS, JAVA_INT), critical);
        setThreads = linker.downcallHandle(find(lookup, "openblas_set_num_threads"), FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle getConfig = linker.downcallHandle(find(lookup, "openblas_get_config"), FunctionDescriptor.of(ADDRESS));
        config = ((MemorySegment) getConfig.invokeExact()).reinterpret(256).getString(0);
        MethodHandle getCorename = linker.downcallHandle(find(lookup, "openblas_get_corename"),
                FunctionDescriptor.of(ADDRESS));
        coreName = ((MemorySegment) getCorename.invokeExact()).reinterpret(64).getString(0);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("OpenBLAS: symbol " + name + " not found"));
    }

    @Override
    public String name() {
        return config;
    }

    /**
     * The processor type whose kernels OpenBLAS runs (its own detection, or {@code OPENBLAS_CORETYPE}
     * when the environment sets it), e.g. "Haswell", "SkylakeX".
     */
    String coreName() {
        return coreName;
    }

    /** A float array seen from element {@code off}, for a critical downcall (no copy). */
    static MemorySegment at(float[] a, int off) {
        MemorySegment s = MemorySegment.ofArray(a);
        return off == 0 ? s : s.asSlice(off * 4L);
    }

    private static MemorySegment at(double[] a, int off) {
        MemorySegment s = MemorySegment.ofArray(a);
        return off == 0 ? s : s.asSlice(off * 8L);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        try {
            dgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void setNumThreads(int threads) {
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
