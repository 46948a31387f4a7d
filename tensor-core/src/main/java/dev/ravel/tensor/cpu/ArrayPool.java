package dev.ravel.tensor.cpu;

import dev.ravel.tensor.DType;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Large heap arrays handed back through {@code Backend.recycle}, kept for the next allocation of
 * the same dtype and length. A fresh large Java array costs far more than its size suggests: the
 * JVM zeroes memory that has usually left the cache since it was last used (a new 16 MB float[]
 * measured 1.7 ms against 0.6 ms to refill one just used), while a training step allocates the
 * same shapes every iteration, so the gradients freed during one backward pass serve the next
 * allocations warm, as PyTorch's caching allocator does.
 *
 * <p>Arrays below {@link #MIN_ELEMENTS} are not kept: the JVM's thread-local bump allocation is
 * cheap enough for them (a new 16 KB float[] already costs 1.6 us here, a lookup 0.1). The pool
 * holds at most {@link #capacityBytes()} (an eighth of the maximum heap, at most 512 MiB), through
 * soft references, so the GC can still take the arrays back when the heap runs short.
 *
 * <p>{@code -Dravel.recycle=on} (default), {@code off} (keep nothing) or {@code poison}: keep
 * nothing and fill every handed-back array, and every array allocated uninitialised, with NaN (a
 * sentinel for integers, true for booleans), so that a test run shows any use of storage after it
 * was recycled and any read of an {@code empty} array before it was written.
 */
final class ArrayPool {
    static final int MIN_ELEMENTS = 1 << 12;

    /** What {@link #give} does with an array. */
    enum Mode {
        ON, OFF, POISON;

        static Mode fromProperty() {
            String v = System.getProperty("ravel.recycle", "on");
            return switch (v) {
                case "on" -> ON;
                case "off" -> OFF;
                case "poison" -> POISON;
                default -> throw new IllegalArgumentException("ravel.recycle: expected on, off or poison, got " + v);
            };
        }
    }

    /** Written into poisoned int64 arrays: far outside any index or count. */
    static final long POISON_LONG = 0x5A5A_5A5A_5A5A_5A5AL;

    static final ArrayPool INSTANCE = new ArrayPool(Mode.fromProperty(),
            Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 8));

    private final Mode mode;
    private final long capacityBytes;
    /** Soft references: under memory pressure the GC may take kept arrays back rather than fail. */
    private final Map<Long, ArrayDeque<SoftReference<Object>>> free = new HashMap<>();
    private long heldBytes;

    ArrayPool(Mode mode, long capacityBytes) {
        this.mode = mode;
        this.capacityBytes = capacityBytes;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    synchronized long heldBytes() {
        return heldBytes;
    }

    /** A zero-filled array of this dtype and length: a kept one when there is one, else a new one. */
    Object take(DType dtype, int length) {
        Object a = poll(dtype, length);
        if (a == null) {
            return newArray(dtype, length);
        }
        clear(a);
        return a;
    }

    /**
     * An array of this dtype and length with unspecified contents: a kept one as it was left, else
     * a new one. In poison mode it is always poisoned, so that reading before writing shows.
     */
    Object takeUninitialized(DType dtype, int length) {
        Object a = poll(dtype, length);
        if (a == null) {
            a = newArray(dtype, length);
        }
        if (mode == Mode.POISON) {
            poison(a);
        }
        return a;
    }

    /** Keeps {@code array} for a later {@link #take} (or poisons it, by mode); the caller no longer uses it. */
    void give(Object array) {
        if (mode == Mode.POISON) {
            poison(array);   // whatever the size, so that tests on small tensors see misuse too
            return;
        }
        int length = java.lang.reflect.Array.getLength(array);
        if (length < MIN_ELEMENTS || mode == Mode.OFF) {
            return;
        }
        DType dtype = CpuStorage.dtypeOf(array);
        long bytes = (long) length * dtype.itemSize();
        synchronized (this) {
            if (heldBytes + bytes > capacityBytes) {
                dropCleared();
                if (heldBytes + bytes > capacityBytes) {
                    return;
                }
            }
            free.computeIfAbsent(key(dtype, length), k -> new ArrayDeque<>()).push(new SoftReference<>(array));
            heldBytes += bytes;
        }
    }

    /** The most recently kept live array of this dtype and length, or null; drops cleared entries on the way. */
    private Object poll(DType dtype, int length) {
        return length < MIN_ELEMENTS ? null : pollKept(dtype, length);   // small ones are never kept: no lock
    }

    private synchronized Object pollKept(DType dtype, int length) {
        ArrayDeque<SoftReference<Object>> q = free.get(key(dtype, length));
        long bytes = (long) length * dtype.itemSize();
        while (q != null && !q.isEmpty()) {
            Object a = q.poll().get();
            heldBytes -= bytes;
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** Forgets the entries the GC has cleared and recounts what is held. */
    private void dropCleared() {
        long held = 0;
        for (Map.Entry<Long, ArrayDeque<SoftReference<Object>>> e : free.entrySet()) {
            e.getValue().removeIf(r -> r.get() == null);
            long itemSize = DType.values()[(int) (e.getKey() & 7)].itemSize();
            held += e.getValue().size() * (e.getKey() >>> 3) * itemSize;
        }
        heldBytes = held;
    }

    private static long key(DType dtype, int length) {
        return ((long) length << 3) | dtype.ordinal();
    }

    static Object newArray(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT64 -> new long[length];
            case BOOL -> new boolean[length];
        };
    }

    private static void clear(Object a) {
        switch (a) {
            case float[] f -> Arrays.fill(f, 0f);
            case double[] d -> Arrays.fill(d, 0.0);
            case long[] l -> Arrays.fill(l, 0L);
            case boolean[] b -> Arrays.fill(b, false);
            default -> throw new IllegalArgumentException("ArrayPool: not a storage array: " + a.getClass());
        }
    }

    private static void poison(Object a) {
        switch (a) {
            case float[] f -> Arrays.fill(f, Float.NaN);
            case double[] d -> Arrays.fill(d, Double.NaN);
            case long[] l -> Arrays.fill(l, POISON_LONG);
            case boolean[] b -> Arrays.fill(b, true);
            default -> throw new IllegalArgumentException("ArrayPool: not a storage array: " + a.getClass());
        }
    }
}
