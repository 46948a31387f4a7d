package dev.ravel.benchmarks;

import dev.ravel.tensor.Generator;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Shared constants and inputs of the benchmark suite. */
final class Bench {
    /** Threads for every library (Ravel's pool and OpenBLAS, ND4J's OpenMP and BLAS, libtorch). */
    static final int THREADS = Integer.getInteger("bench.threads", 2);

    /** The library names, the values of the {@code lib} parameter of every benchmark. */
    static final String RAVEL = "ravel";
    static final String DJL = "djl";
    static final String ND4J = "nd4j";

    private Bench() {
    }

    /**
     * {@code n} floats uniform in [0, 1), like {@code torch.rand}, from Ravel's (pure Java)
     * generator: every library gets the same numbers, and no library is initialised to make them.
     */
    static float[] uniform(long seed, int n) {
        float[] out = new float[n];
        new Generator(seed).fillUniform(out, 0, n, 0f, 1f);
        return out;
    }

    /**
     * Sets a variable in the process environment (libc {@code setenv}) unless it is already set,
     * so that a native library loaded afterwards (libgomp reads OMP_* when it is loaded) sees it.
     * JMH forks inherit the environment of the JMH process and cannot be given variables per
     * benchmark, and the {@code lib} parameter shares one fork configuration; so each library sets
     * what it needs here, before its native code is loaded. Returns the value now in effect.
     */
    static String setenvIfAbsent(String name, String value) {
        String current = System.getenv(name);
        if (current != null) {
            return current;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
                if (rc != 0) {
                    throw new IllegalStateException("setenv " + name + " returned " + rc);
                }
            }
            return value;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot set " + name + "=" + value + " for the native libraries", t);
        }
    }

    /**
     * Makes the OpenMP runtime about to be loaded use {@link #THREADS} threads (OMP_NUM_THREADS),
     * and warns when the environment already asks for a different number.
     */
    static void ompThreads(String lib) {
        String omp = setenvIfAbsent("OMP_NUM_THREADS", Integer.toString(THREADS));
        if (!omp.equals(Integer.toString(THREADS))) {
            System.err.println("[bench] warning: OMP_NUM_THREADS=" + omp + " but " + lib + " should use " + THREADS
                    + " threads");
        }
    }
}
