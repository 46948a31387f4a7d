package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Parallelism;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel.forRange: coverage, inline small and nested work, exceptions, and the thread count. */
class ParallelTest {
    private final int initialThreads = Parallel.numThreads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setNumThreads(initialThreads);
    }

    private static void coversExactlyOnce(int total, int grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(total, 1));
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(total, grain, (s, e) -> {
            assertTrue(0 <= s && s < e && e <= total, "[" + s + ", " + e + ") within " + total);
            calls.incrementAndGet();
            for (int i = s; i < e; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < total; i++) {
            assertEquals(1, seen.get(i), "element " + i + " of " + total + " grain " + grain);
        }
        assertTrue(calls.get() <= Math.max(1, Parallel.numThreads()), "at most one chunk per thread");
    }

    @Test
    void coversTheRangeExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            Parallelism.setNumThreads(threads);
            assertEquals(threads, Parallelism.numThreads());
            for (int total : new int[] {0, 1, 7, 100, 1001, 100_000}) {
                for (int grain : new int[] {0, 1, 10, 50_000}) {
                    coversExactlyOnce(total, grain);
                }
            }
        }
    }

    @Test
    void smallWorkRunsInlineOnTheCaller() {
        Parallelism.setNumThreads(4);
        Thread caller = Thread.currentThread();
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(100, 60, (s, e) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(0, s);
            assertEquals(100, e);
            calls.incrementAndGet();
        });
        assertEquals(1, calls.get());
        Parallel.forRange(0, 1, (s, e) -> calls.incrementAndGet());
        assertEquals(1, calls.get(), "an empty range runs nothing");
    }

    @Test
    void oneThreadRunsEverythingInline() {
        Parallelism.setNumThreads(1);
        Thread caller = Thread.currentThread();
        Parallel.forRange(1_000_000, 1, (s, e) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(0, s);
            assertEquals(1_000_000, e);
        });
    }

    @Test
    void nestedCallsRunInlineInTheirChunk() {
        Parallelism.setNumThreads(4);
        AtomicIntegerArray seen = new AtomicIntegerArray(4 * 1000);
        Parallel.forRange(4, 1, (s, e) -> {
            Thread outer = Thread.currentThread();
            for (int c = s; c < e; c++) {
                int base = c * 1000;
                AtomicInteger innerCalls = new AtomicInteger();
                Parallel.forRange(1000, 1, (a, b) -> {
                    assertSame(outer, Thread.currentThread(), "nested work stays on its thread");
                    innerCalls.incrementAndGet();
                    for (int i = a; i < b; i++) {
                        seen.incrementAndGet(base + i);
                    }
                });
                assertEquals(1, innerCalls.get(), "nested call is one inline chunk");
            }
        });
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i));
        }
        // After a parallel region the caller is not stuck in "inside" mode.
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger chunks = new AtomicInteger();
        Parallel.forRange(4, 1, (s, e) -> {
            threads.add(Thread.currentThread());
            chunks.incrementAndGet();
        });
        assertEquals(4, chunks.get(), "a top-level call after a nested one splits again");
    }

    @Test
    void seriallyKeepsOpsOnTheCallingThread() {
        Parallelism.setNumThreads(4);
        Thread caller = Thread.currentThread();
        int chunks = Parallelism.serially(() -> {
            AtomicInteger calls = new AtomicInteger();
            Parallel.forRange(100_000, 1, (s, e) -> {
                assertSame(caller, Thread.currentThread());
                calls.incrementAndGet();
            });
            // Nested: still serial, and leaving the inner call does not switch parallelism back on.
            Parallelism.serially(() -> null);
            Parallel.forRange(100_000, 1, (s, e) -> calls.incrementAndGet());
            return calls.get();
        });
        assertEquals(2, chunks);
        assertThrows(IllegalStateException.class, () -> Parallelism.serially(() -> {
            throw new IllegalStateException("worker failed");
        }));
        AtomicInteger after = new AtomicInteger();
        Parallel.forRange(4, 1, (s, e) -> after.incrementAndGet());
        assertEquals(4, after.get(), "parallel again after serially, even when its body threw");
    }

    @Test
    void exceptionsPropagateToTheCaller() {
        Parallelism.setNumThreads(4);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int failing = 0; failing < 4; failing++) {
            int f = failing;
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                    Parallel.forRange(4_000, 1, (s, e) -> {
                        if (s / 1000 == f) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown, "chunk " + failing);
        }
        AssertionError err = assertThrows(AssertionError.class, () ->
                Parallel.forRange(4_000, 1, (s, e) -> {
                    throw new AssertionError("error in chunk " + s);
                }));
        assertTrue(err.getMessage().startsWith("error in chunk"));
        // The pool is still usable afterwards.
        coversExactlyOnce(10_000, 1);
        // And an error deep inside a kernel reaches the NDArray caller.
        NDArray big = NDArray.ones(dev.ravel.tensor.DType.INT64, 200_000);
        assertThrows(ArithmeticException.class, () -> big.remainder(NDArray.zeros(dev.ravel.tensor.DType.INT64,
                200_000)));
    }

    @Test
    void setNumThreadsValidatesAndTakesEffect() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Parallelism.setNumThreads(0));
        assertTrue(bad.getMessage().contains("setNumThreads"), bad.getMessage());
        Parallelism.setNumThreads(3);
        assertEquals(3, Parallel.numThreads());
        assertTrue(CpuBackend.INSTANCE.describe().contains("threads: 3"), CpuBackend.INSTANCE.describe());
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(300, 1, (s, e) -> calls.incrementAndGet());
        assertEquals(3, calls.get(), "split into one chunk per thread");
        // Ops give the same answers whatever the thread count.
        NDArray x = NDArray.arange(0.0, 200_000.0, 1.0);
        double s3 = x.sum().item();
        Parallelism.setNumThreads(1);
        assertEquals(s3, x.sum().item());
        assertEquals(199_999.0 * 200_000 / 2, s3, 1e-7 * s3);
    }
}
