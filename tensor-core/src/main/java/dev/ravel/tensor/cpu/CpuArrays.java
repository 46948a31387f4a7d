package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;

/** Typed access to the heap array behind a CPU NDArray. */
final class CpuArrays {
    private CpuArrays() {
    }

    static Object array(NDArray x) {
        return ((CpuStorage) x.storage()).array();
    }

    static float[] f32(NDArray x) {
        return (float[]) array(x);
    }

    static double[] f64(NDArray x) {
        return (double[]) array(x);
    }

    static long[] i64(NDArray x) {
        return (long[]) array(x);
    }

    static boolean[] bool(NDArray x) {
        return (boolean[]) array(x);
    }

    /** Element i of any CPU array as a double (bools are 0/1). */
    static double read(Object a, int i) {
        return switch (a) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case long[] l -> l[i];
            case boolean[] b -> b[i] ? 1 : 0;
            default -> throw new IllegalStateException("not a CPU array: " + a.getClass());
        };
    }

    /** Writes a double into element i of any CPU array, casting as PyTorch does (truncation toward zero for integers). */
    static void write(Object a, int i, double v) {
        switch (a) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case long[] l -> l[i] = (long) v;
            case boolean[] b -> b[i] = v != 0;
            default -> throw new IllegalStateException("not a CPU array: " + a.getClass());
        }
    }

    /** The long values of a 1-D int64 array of any stride. */
    static long[] longs(NDArray index) {
        long[] a = i64(index);
        int n = index.numel();
        if (index.dim() == 1 && index.stride(0) == 1) {
            return java.util.Arrays.copyOfRange(a, index.offset(), index.offset() + n);
        }
        long[] out = new long[n];
        int s = index.dim() == 0 ? 0 : index.stride(0);
        for (int i = 0; i < n; i++) {
            out[i] = a[index.offset() + i * s];
        }
        return out;
    }
}
