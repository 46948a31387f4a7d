package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.tensor.cpu.CpuStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link NDArray#close()}: a closed array's memory serves the next result of its size, only once every
 * array over the same storage is closed and only when Ravel allocated it; a closed array refuses
 * any use of its data. Large enough (8192 elements) for the CPU backend to keep the memory.
 */
class NDArrayCloseTest {
    private static final int[] SHAPE = {64, 128};
    /** With -Dravel.recycle=poison handed-back memory is filled with NaN and not kept; otherwise kept. */
    private static final boolean POISON = "poison".equals(System.getProperty("ravel.recycle", "on"));
    private static final boolean KEEPS = "on".equals(System.getProperty("ravel.recycle", "on"));

    private static float[] memory(NDArray a) {
        return (float[]) ((CpuStorage) a.storage()).array();
    }

    private static NDArray filled(float value) {
        return NDArray.full(SHAPE, value, DType.FLOAT32, Device.CPU);
    }

    /** Whether {@code memory} was handed back: poisoned in poison mode, the next allocation's otherwise. */
    private static boolean handedBack(float[] memory) {
        if (POISON) {
            return Float.isNaN(memory[0]) && Float.isNaN(memory[memory.length - 1]);
        }
        NDArray next = NDArray.empty(SHAPE, DType.FLOAT32, Device.CPU);
        return memory(next) == memory;
    }

    @Test
    void closedResultServesTheNextResultOfItsSize() {
        NDArray x = NDArray.arange(0, 8192, 1, DType.FLOAT32).reshape(SHAPE);
        NDArray r = x.mul(2);
        float[] m = memory(r);
        r.close();
        if (KEEPS) {
            NDArray again = x.mul(3);
            assertSame(m, memory(again), "the closed result's array is reused");
            assertEquals(3 * 8191f, again.select(0, 63).select(0, 127).item(), 0f, "and fully rewritten");
        } else {
            assertTrue(handedBack(m));
        }
    }

    @Test
    void closedArrayRefusesItsDataButKeepsItsShape() {
        NDArray r = filled(1f).add(1);
        r.close();
        assertTrue(r.isClosed());
        assertArrayEquals(SHAPE, r.shape());
        assertEquals(DType.FLOAT32, r.dtype());
        assertEquals("NDArray(closed, shape=[64, 128], dtype=torch.float32)", r.toString());
        List<Executable> uses = List.of(() -> r.add(1), () -> r.sum().item(), () -> r.add_(1), r::toFloatArray,
                () -> r.select(0, 0), () -> filled(0f).copy_(r), () -> r.matmul(filled(1f).t()), r::storage);
        for (Executable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use);
            assertEquals("NDArray of shape [64, 128], torch.float32, cpu: used after close(); its memory may already hold"
                    + " another array's values", e.getMessage());
        }
        r.close(); // a second close does nothing
    }

    @Test
    void memoryWaitsUntilEveryViewIsClosed() {
        NDArray base = filled(2f).mul(1);
        float[] m = memory(base);
        NDArray row = base.select(0, 5);
        NDArray flat = base.view(-1);
        base.close();
        flat.close();
        assertFalse(handedBack(m), "a view is still open");
        assertEquals(256.0, row.sum().item(), 0.0, "and still reads the values");
        row.close();
        assertTrue(handedBack(m), "the last view closed");
    }

    @Test
    void reductionResultsWithDroppedDimsAreHandedBack() {
        NDArray x = NDArray.rand(new int[] {64, 128, 3}, DType.FLOAT32, new Generator(5));
        NDArray s = x.sum(-1);   // computed with the dim kept, returned as a view without it
        float[] m = memory(s);
        s.close();
        assertTrue(handedBack(m));
        ValuesIndices top = x.max(-1);
        float[] v = memory(top.values());
        top.values().close();
        assertTrue(handedBack(v));
    }

    @Test
    void arrayOverACallersJavaArrayIsNeverHandedBack() {
        float[] mine = new float[8192];
        java.util.Arrays.fill(mine, 7f);
        NDArray a = NDArray.fromArray(mine, SHAPE);
        a.close();
        assertEquals(7f, mine[0], 0f);
        assertEquals(7f, mine[8191], 0f);
        assertNotSame(mine, memory(NDArray.empty(SHAPE, DType.FLOAT32, Device.CPU)));
    }

    @Test
    void resultsOfAClosedTemporaryStayIntact() {
        NDArray x = NDArray.rand(SHAPE, DType.FLOAT32, new Generator(11));
        NDArray y = NDArray.rand(SHAPE, DType.FLOAT32, new Generator(12));
        float[] expected = x.mul(y).add(x).toFloatArray();
        NDArray r;
        try (NDArray t = x.mul(y)) {
            r = t.add(x);
        }
        for (int i = 0; i < 3; i++) {
            try (NDArray t = x.mul(y)) {   // takes the closed temporary's memory: r must not change
                t.add_(1);
            }
        }
        assertArrayEquals(expected, r.toFloatArray(), 0f);
    }

    @Test
    void viewsMadeOnManyThreadsAreAllCounted() throws Exception {
        NDArray base = filled(1f).mul(1);
        float[] m = memory(base);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<NDArray>>> made = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<List<NDArray>> views = () -> {
                    List<NDArray> vs = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        vs.add(base.select(0, i % 64));
                    }
                    return vs;
                };
                made.add(pool.submit(views));
            }
            List<NDArray> all = new ArrayList<>();
            for (Future<List<NDArray>> f : made) {
                all.addAll(f.get());
            }
            base.close();
            for (int i = 0; i < all.size() - 1; i++) {
                all.get(i).close();
            }
            assertFalse(handedBack(m), "one of 8000 views is still open");
            all.getLast().close();
            assertTrue(handedBack(m));
        } finally {
            pool.shutdown();
        }
    }
}
