package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ravel.tensor.cpu.CpuStorage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;

/**
 * Test helpers. Values are read straight from the storage array by walking shape/strides/offset
 * here, so assertions do not depend on Ravel's own copy kernels; expected values are computed by
 * the tests in plain double loops.
 */
final class Check {
    /** Sizes that exercise vector tails (lanes of 4, 8, 16) and the parallel path (> 2 * grain). */
    static final int[] ODD_SIZES = {1, 15, 17, 31, 33, 63, 65, 1023, 1025, 70_001};

    private Check() {
    }

    /** The logical elements of x in row-major order, as doubles, read from its storage. */
    static double[] values(NDArray x) {
        Object a = ((CpuStorage) x.storage()).array();
        int n = x.numel();
        double[] out = new double[n];
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int off = x.offset();
            for (int d = 0; d < shape.length; d++) {
                off += idx[d] * strides[d];
            }
            out[i] = switch (a) {
                case float[] f -> f[off];
                case double[] f -> f[off];
                case long[] f -> f[off];
                case boolean[] f -> f[off] ? 1 : 0;
                default -> throw new IllegalStateException();
            };
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    /** int64 elements read exactly. */
    static long[] longs(NDArray x) {
        assertEquals(DType.INT64, x.dtype());
        long[] a = (long[]) ((CpuStorage) x.storage()).array();
        long[] out = new long[x.numel()];
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] idx = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            int off = x.offset();
            for (int d = 0; d < shape.length; d++) {
                off += idx[d] * strides[d];
            }
            out[i] = a[off];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    static void shape(NDArray x, int... expected) {
        assertArrayEquals(expected, x.shape(), () -> "shape of " + x.layout());
    }

    /** Exact equality (NaN equals NaN; -0.0 equals 0.0). */
    static void exact(NDArray actual, DType dtype, int[] shape, double... expected) {
        assertEquals(dtype, actual.dtype(), "dtype");
        shape(actual, shape);
        close(expected, actual, 0, 0, "");
    }

    static void close(double[] expected, NDArray actual, double rtol, double atol, String context) {
        double[] got = values(actual);
        assertEquals(expected.length, got.length, () -> context + ": number of elements");
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            if (!near(e, g, rtol, atol)) {
                int at = i;
                fail(() -> context + ": element " + at + " expected " + e + " but was " + g + " (rtol " + rtol
                        + ", atol " + atol + ", " + actual.layout() + ", " + actual.dtype() + ")");
            }
        }
    }

    static boolean near(double e, double g, double rtol, double atol) {
        if (Double.isNaN(e) || Double.isNaN(g)) {
            return Double.isNaN(e) && Double.isNaN(g);
        }
        if (Double.isInfinite(e) || Double.isInfinite(g)) {
            return e == g;
        }
        return Math.abs(e - g) <= atol + rtol * Math.abs(e);
    }

    /** Uniform floats in [lo, hi), float-representable, from a fixed seed. */
    static float[] floats(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    static double[] doubles(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }

    static long[] longsIn(int n, long seed, long lo, long hi) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextLong(lo, hi);
        }
        return a;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static double[] toDouble(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Runs {@code body}, expects an exception of the type, and checks its message contains every fragment. */
    static <T extends Throwable> T fails(Class<T> type, Executable body, String... fragments) {
        T t = assertThrows(type, body);
        String m = String.valueOf(t.getMessage());
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message \"" + m + "\" should contain \"" + f + "\"");
        }
        return t;
    }

    static String str(int[] a) {
        return Arrays.toString(a);
    }
}
