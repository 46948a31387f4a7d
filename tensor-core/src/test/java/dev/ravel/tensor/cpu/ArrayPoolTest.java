package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Recycled arrays: what is kept, what comes back zeroed or as left, poison mode, and the capacity bound. */
class ArrayPoolTest {
    private static final int N = ArrayPool.MIN_ELEMENTS;

    private static ArrayPool pool(ArrayPool.Mode mode) {
        return new ArrayPool(mode, 1L << 30);
    }

    @Test
    void aGivenArrayServesTheNextTakeOfItsDtypeAndLength() {
        ArrayPool p = pool(ArrayPool.Mode.ON);
        float[] a = new float[N];
        Arrays.fill(a, 3f);
        p.give(a);
        assertEquals((long) N * 4, p.heldBytes());
        assertNotSame(a, p.takeUninitialized(DType.FLOAT32, N + 1), "other length");
        assertNotSame(a, p.takeUninitialized(DType.FLOAT64, N), "other dtype");
        Object b = p.takeUninitialized(DType.FLOAT32, N);
        assertSame(a, b);
        assertEquals(3f, a[N - 1], "uninitialised take leaves the contents");
        assertEquals(0, p.heldBytes());
    }

    @Test
    void zeroedTakeClearsARecycledArray() {
        ArrayPool p = pool(ArrayPool.Mode.ON);
        long[] a = new long[N];
        Arrays.fill(a, -7);
        p.give(a);
        long[] b = (long[]) p.take(DType.INT64, N);
        assertSame(a, b);
        assertTrue(Arrays.stream(b).allMatch(v -> v == 0));
        boolean[] c = new boolean[N];
        Arrays.fill(c, true);
        p.give(c);
        boolean[] d = (boolean[]) p.take(DType.BOOL, N);
        assertSame(c, d);
        for (boolean v : d) {
            assertEquals(false, v);
        }
    }

    @Test
    void smallArraysAreLeftToTheGc() {
        ArrayPool p = pool(ArrayPool.Mode.ON);
        double[] small = new double[N - 1];
        p.give(small);
        assertEquals(0, p.heldBytes());
        assertNotSame(small, p.takeUninitialized(DType.FLOAT64, N - 1));
    }

    @Test
    void keepsNoMoreThanItsCapacity() {
        ArrayPool p = new ArrayPool(ArrayPool.Mode.ON, (long) N * 4 * 2);
        p.give(new float[N]);
        p.give(new float[N]);
        p.give(new float[N]);
        assertEquals((long) N * 4 * 2, p.heldBytes());
    }

    @Test
    void offKeepsNothing() {
        ArrayPool p = pool(ArrayPool.Mode.OFF);
        float[] a = new float[N];
        p.give(a);
        assertEquals(0, p.heldBytes());
        assertNotSame(a, p.takeUninitialized(DType.FLOAT32, N));
    }

    @Test
    void poisonFillsGivenAndUninitialisedArraysAndKeepsNothing() {
        ArrayPool p = pool(ArrayPool.Mode.POISON);
        float[] f = new float[N];
        p.give(f);
        assertTrue(Float.isNaN(f[0]) && Float.isNaN(f[N - 1]));
        assertEquals(0, p.heldBytes());
        long[] l = new long[N];
        p.give(l);
        assertEquals(ArrayPool.POISON_LONG, l[N / 2]);
        float[] small = new float[3];
        p.give(small);
        assertTrue(Float.isNaN(small[2]), "small arrays are poisoned too");
        double[] d = (double[]) p.takeUninitialized(DType.FLOAT64, 5);
        assertTrue(Double.isNaN(d[4]), "even small uninitialised arrays are poisoned");
        boolean[] b = (boolean[]) p.takeUninitialized(DType.BOOL, 3);
        assertTrue(b[0] && b[2]);
        assertEquals(0.0, ((double[]) p.take(DType.FLOAT64, 5))[0], "zeroed takes stay zero");
    }

    @Test
    void storageIsRecycledOnceAndOnlyWhenItAllocatedItsArray() {
        CpuStorage s = CpuStorage.allocate(DType.FLOAT32, N);
        s.recycle();
        s.recycle();   // a second hand-back must not put the array in the pool twice
        CpuStorage a = CpuStorage.allocateUninitialized(DType.FLOAT32, N);
        CpuStorage b = CpuStorage.allocateUninitialized(DType.FLOAT32, N);
        assertNotSame(a.array(), b.array());

        float[] callers = new float[N];
        NDArray wrapped = NDArray.fromArray(callers);   // shares the caller's array, like torch.from_numpy
        CpuBackend.INSTANCE.recycle(wrapped.storage());
        for (int i = 0; i < 4; i++) {
            assertNotSame(callers, ((CpuStorage) NDArray.empty(new int[] {N}, DType.FLOAT32, Device.CPU).storage()).array(),
                    "a caller's array is never handed out");
        }
    }

    @Test
    void rejectsAnUnknownMode() {
        String before = System.getProperty("ravel.recycle");
        try {
            System.setProperty("ravel.recycle", "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ArrayPool.Mode::fromProperty);
            assertTrue(e.getMessage().contains("ravel.recycle") && e.getMessage().contains("sometimes"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("ravel.recycle");
            } else {
                System.setProperty("ravel.recycle", before);
            }
        }
    }
}
