package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The kernel profiler counts backend calls by kernel (and op, and shape when asked) while open, and only then. */
class KernelProfilerTest {

    @Test
    void countsKernelCallsWhileOpen() {
        NDArray x = NDArray.ones(3, 4);
        try (KernelProfiler p = KernelProfiler.start()) {
            x.add(x);
            x.add(x);
            x.sum();
            Map<String, Long> calls = p.entries().stream()
                    .collect(Collectors.toMap(KernelProfiler.Entry::kernel, KernelProfiler.Entry::calls));
            assertEquals(2L, calls.get("binary.add"), calls.toString());
            assertEquals(1L, calls.get("reduce.sum"), calls.toString());
            long allocations = calls.getOrDefault("allocate.float32", 0L)
                    + calls.getOrDefault("allocateUninitialized.float32", 0L);
            assertTrue(allocations >= 3, calls.toString());
            assertTrue(p.table(5).contains("binary.add"), p.table(5));
            p.reset();
            assertTrue(p.entries().isEmpty());
            assertThrows(IllegalStateException.class, KernelProfiler::start);
        }
        assertSame(Backends.cpuKernels(), Backends.cpu(), "closing the profiler restores the plain backend");
    }

    @Test
    void splitsByShapeWhenAsked() {
        try (KernelProfiler p = KernelProfiler.start(true)) {
            NDArray.ones(2, 5).mul(3.0);
            assertTrue(p.entries().stream().anyMatch(e -> e.kernel().equals("binary.mul [2, 5]")),
                    p.entries().toString());
        }
    }
}
