package dev.ravel.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory owned by a backend, shared by every view over it. It also carries the version counter
 * that in-place ops bump, so that autograd can tell when a tensor it saved was modified: views
 * share storage, so they share the counter, as in PyTorch.
 */
public abstract class Storage {
    private static final AtomicLong SERIALS = new AtomicLong();

    private final long serial = SERIALS.incrementAndGet();
    private final DType dtype;
    private final int length;
    private int version;

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
}
