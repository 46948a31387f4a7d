package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The provider picks the kernels the JVM flags and {@code ravel.vectorization} ask for. */
class FloatKernelsProviderTest {

    @Test
    void honoursTheVectorizationProperty() {
        FloatKernels k = FloatKernelsProvider.get();
        assertSame(k, FloatKernelsProvider.get(), "chosen once");
        boolean forcedScalar = "scalar".equalsIgnoreCase(System.getProperty("ravel.vectorization"));
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (forcedScalar || !vectorModule) {
            assertEquals("scalar", k.name());
        } else {
            assertTrue(k.name().startsWith("vector("), k.name());
        }
        assertTrue(CpuBackend.INSTANCE.describe().contains("float kernels: " + k.name()),
                CpuBackend.INSTANCE.describe());
    }

    @Test
    void vectorKernelsLoadWhenTheModuleIsPresent() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        FloatKernels v = FloatKernelsProvider.vectorOrNull();
        assertEquals(vectorModule, v != null);
        if (v != null) {
            assertNotNull(v.name());
            assertTrue(v.name().startsWith("vector("), v.name());
        }
    }
}
