package dev.ravel.tensor.cpu;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import org.bytedeco.javacpp.Loader;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * oneDNN's native library (org.bytedeco:dnnl platform jar, extracted by JavaCPP's Loader), loaded
 * once for {@link DnnlGemm} and {@link DnnlConvolution}: symbol lookup, downcall handles, the CPU
 * engine, and the OpenMP thread count of the calling thread.
 *
 * <p>oneDNN parallelises with OpenMP, whose idle threads spin; Ravel never lets it start a team:
 * every call first sets the calling thread's OpenMP thread count to 1 (a per-thread setting in
 * libgomp) and Ravel's own pool spreads the work.
 */
final class DnnlLibrary {
    private static volatile DnnlLibrary instance;
    private static Throwable failure;

    private final SymbolLookup lookup;
    private final Linker linker = Linker.nativeLinker();
    private final MethodHandle ompSetNumThreads;
    /** The CPU engine ({@code dnnl_engine_t}); lives as long as the process. */
    private final MemorySegment engine;

    private DnnlLibrary() throws Throwable {
        loadLibraries();
        lookup = SymbolLookup.loaderLookup();
        ompSetNumThreads = handle("omp_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT), Linker.Option.critical(false));
        // dnnl_status_t dnnl_engine_create(dnnl_engine_t *engine, dnnl_engine_kind_t kind (dnnl_cpu = 1), size_t index)
        MethodHandle engineCreate = handle("dnnl_engine_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_LONG));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) engineCreate.invokeExact(out, 1, 0L), "dnnl_engine_create", "the CPU engine");
            engine = out.get(ADDRESS, 0);
        }
    }

    /** The loaded library; throws what loading threw (every time) when it cannot load here. */
    static DnnlLibrary get() throws Throwable {
        DnnlLibrary lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (DnnlLibrary.class) {
            if (instance == null && failure == null) {
                try {
                    instance = new DnnlLibrary();
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return instance;
        }
    }

    /**
     * Loads libgomp and libdnnl from the platform jar. Not through the preset class: it inherits
     * JavaCPP's OpenCL preset (for oneDNN's GPU engine), whose JNI library is not in that jar.
     */
    private static void loadLibraries() throws IOException {
        String platform = Loader.getPlatform();
        String dir = "/org/bytedeco/dnnl/" + platform + "/";
        // the OpenMP runtime first, so that libdnnl finds it loaded (the Windows build links the system's)
        List<String> libs = switch (platform) {
            case "linux-x86_64", "linux-arm64" -> List.of("libgomp.so.1", "libdnnl.so.3");
            case "macosx-x86_64" -> List.of("libiomp5.dylib", "libdnnl.3.dylib");
            case "macosx-arm64" -> List.of("libomp.dylib", "libdnnl.3.dylib");
            default -> List.of("dnnl.dll");
        };
        for (String lib : libs) {
            File f = Loader.cacheResource(DnnlLibrary.class, dir + lib);
            if (f == null) {
                throw new UnsatisfiedLinkError("oneDNN: " + dir + lib + " is not on the classpath");
            }
            System.load(f.getAbsolutePath());
        }
    }

    MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("oneDNN: symbol " + name + " not found"));
        return linker.downcallHandle(symbol, fd, options);
    }

    MemorySegment engine() {
        return engine;
    }

    /** Makes oneDNN run on the calling thread alone (see the class comment). */
    void singleThreaded() {
        try {
            ompSetNumThreads.invokeExact(1);
        } catch (Throwable t) {
            throw OpenBlasGemm.rethrow(t);
        }
    }

    /** Throws unless {@code status} is dnnl_success, naming the call and what it was for. */
    static void check(int status, String function, String what) {
        if (status != 0) {
            throw new IllegalStateException(function + " failed with status " + status + " (" + statusName(status)
                    + ") for " + what);
        }
    }

    static String statusName(int status) {
        return switch (status) {
            case 1 -> "out of memory";
            case 2 -> "invalid arguments";
            case 3 -> "unimplemented";
            case 5 -> "runtime error";
            default -> "dnnl_status_t " + status;
        };
    }
}
