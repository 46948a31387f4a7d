package dev.ravel.tensor.cpu;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Storage;

/**
 * CPU memory: one Java heap array (float[], double[], long[] or boolean[] by dtype). The GC owns
 * it, so nothing has to be freed; large arrays handed back through {@code Backend.recycle} are
 * reused by later allocations ({@link ArrayPool}). OpenBLAS reads it in place through critical FFM
 * downcalls.
 */
public final class CpuStorage extends Storage {
    private final Object array;
    /** Allocated here (not a caller's array wrapped) and not yet handed back: may go to the pool once. */
    private boolean recyclable;

    private CpuStorage(DType dtype, Object array, int length, boolean recyclable) {
        super(dtype, length);
        this.array = array;
        this.recyclable = recyclable;
    }

    CpuStorage(DType dtype, Object array, int length) {
        this(dtype, array, length, false);
    }

    /** Zero-filled storage, reusing a recycled array of the same dtype and length when one is kept. */
    static CpuStorage allocate(DType dtype, int length) {
        return new CpuStorage(dtype, ArrayPool.INSTANCE.take(dtype, length), length, true);
    }

    /** Storage with unspecified contents: a recycled array as it was left, when one is kept. */
    static CpuStorage allocateUninitialized(DType dtype, int length) {
        return new CpuStorage(dtype, ArrayPool.INSTANCE.takeUninitialized(dtype, length), length, true);
    }

    /** Gives the array to the pool, once, and only when this storage allocated it. */
    void recycle() {
        if (recyclable) {
            recyclable = false;
            ArrayPool.INSTANCE.give(array);
        }
    }

    static CpuStorage wrap(Object array) {
        return switch (array) {
            case float[] a -> new CpuStorage(DType.FLOAT32, a, a.length);
            case double[] a -> new CpuStorage(DType.FLOAT64, a, a.length);
            case long[] a -> new CpuStorage(DType.INT64, a, a.length);
            case boolean[] a -> new CpuStorage(DType.BOOL, a, a.length);
            default -> throw new IllegalArgumentException("CpuStorage: expected float[], double[], long[] or boolean[], got "
                    + array.getClass().getSimpleName());
        };
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    /** The backing array; its type follows {@link #dtype()}. */
    public Object array() {
        return array;
    }
}
