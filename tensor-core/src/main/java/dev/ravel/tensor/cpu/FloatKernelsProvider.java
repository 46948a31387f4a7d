package dev.ravel.tensor.cpu;

import java.lang.System.Logger.Level;

/**
 * Chooses the float kernels once: the Vector API implementation when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (loaded reflectively, so that nothing else links
 * against the incubator module), else the scalar one, saying why. The system property
 * {@code ravel.vectorization=scalar} forces the scalar kernels (tests run both).
 */
public final class FloatKernelsProvider {
    private static final System.Logger LOG = System.getLogger("dev.ravel.tensor");
    private static final FloatKernels INSTANCE = choose();

    private FloatKernelsProvider() {
    }

    public static FloatKernels get() {
        return INSTANCE;
    }

    /** The Vector API kernels, or null when they cannot be used here (for tests that compare both). */
    public static FloatKernels vectorOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (FloatKernels) Class.forName("dev.ravel.tensor.cpu.PanamaFloatKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "Vector API kernels failed to load; using scalar float kernels", e);
            return null;
        }
    }

    private static FloatKernels choose() {
        if ("scalar".equalsIgnoreCase(System.getProperty("ravel.vectorization"))) {
            LOG.log(Level.INFO, "ravel.vectorization=scalar: using scalar float kernels");
            return new ScalarFloatKernels();
        }
        FloatKernels v = vectorOrNull();
        if (v == null) {
            LOG.log(Level.WARNING, "jdk.incubator.vector is not available; using scalar float kernels "
                    + "(pass --add-modules jdk.incubator.vector to the JVM for the vectorised ones)");
            return new ScalarFloatKernels();
        }
        return v;
    }
}
