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
        return new CpuStorage(dtypeOf(array), array, java.lang.reflect.Array.getLength(array));
    }

    /** The dtype a storage array holds: float[], double[], long[] or boolean[]. */
    static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] a -> DType.FLOAT32;
            case double[] a -> DType.FLOAT64;
            case long[] a -> DType.INT64;
            case boolean[] a -> DType.BOOL;
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
