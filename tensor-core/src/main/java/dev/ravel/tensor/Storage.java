package dev.ravel.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory owned by a backend, shared by every view over it. It also carries the version counter
 * that in-place ops bump, so that autograd can tell when a tensor it saved was modified: views
 * share storage, so they share the counter, as in PyTorch.
 */
public abstract class Storage {
    private static final AtomicLong SERIALS = new AtomicLong();
    private static final VarHandle OPEN_ARRAYS;

    static {
        try {
            OPEN_ARRAYS = MethodHandles.lookup().findVarHandle(Storage.class, "openArrays", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long serial = SERIALS.incrementAndGet();
    private final DType dtype;
    private final int length;
    private int version;
    /**
     * NDArrays made over this storage (views included) and not closed. Atomic: kernels may make
     * views of one storage on several threads at once. A long: a parameter viewed a few times per
     * step, its views never closed, would pass 2^31 in a long-running process.
     */
    @SuppressWarnings("unused") // through OPEN_ARRAYS
    private volatile long openArrays;

    protected Storage(DType dtype, int length) {
        this.dtype = dtype;
        this.length = length;
    }

    public abstract Device device();

    public final DType dtype() {
        return dtype;
    }

    /** Capacity in elements. */
    public final int length() {
        return length;
    }

    /**
     * Increases with every storage made in this process, so that code which created storages
     * from some point on (the autograd engine during one backward pass) can tell them from older ones.
     */
    public final long serial() {
        return serial;
    }

    /** The serial the next storage will get at the earliest. */
    public static long nextSerial() {
        return SERIALS.get() + 1;
    }

    /** How many in-place writes this storage has seen. */
    public final int version() {
        return version;
    }

    /** Called by every in-place op. */
    public final void bumpVersion() {
        version++;
    }

    /** Counts a new NDArray over this storage. */
    final void arrayOpened() {
        OPEN_ARRAYS.getAndAdd(this, 1L);
    }

    /** Counts an NDArray over this storage closed; true when no array made over it is still open. */
    final boolean arrayClosed() {
        return (long) OPEN_ARRAYS.getAndAdd(this, -1L) == 1L;
    }
}
