package dev.ravel.tensor.cpu;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Storage;

/**
 * CPU memory: one Java heap array (float[], double[], long[] or boolean[] by dtype). The GC owns
 * it, so there is nothing to free; OpenBLAS reads it in place through critical FFM downcalls.
 */
public final class CpuStorage extends Storage {
    private final Object array;

    CpuStorage(DType dtype, Object array, int length) {
        super(dtype, length);
        this.array = array;
    }

    static CpuStorage allocate(DType dtype, int length) {
        Object a = switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT64 -> new long[length];
            case BOOL -> new boolean[length];
        };
        return new CpuStorage(dtype, a, length);
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
