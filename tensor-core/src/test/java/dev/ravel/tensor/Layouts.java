package dev.ravel.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs in every layout a kernel must handle, each with its logical values computed here by hand
 * (not through Ravel): contiguous, a stepped slice, a transposed matrix, two broadcasts (stride 0
 * inner and outer), a 0-d array and zero-size arrays.
 */
final class Layouts {
    record Case(String name, NDArray array, double[] values) {
        @Override
        public String toString() {
            return name + " " + array.layout();
        }
    }

    private Layouts() {
    }

    /** Random values of a dtype in [lo, hi): floats rounded to float, int64 floored. */
    static double[] data(DType dtype, int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double v = lo + (hi - lo) * r.nextDouble();
            d[i] = switch (dtype) {
                case FLOAT32 -> (float) v;
                case FLOAT64 -> v;
                case INT64 -> Math.floor(v);
                case BOOL -> r.nextBoolean() ? 1 : 0;
            };
        }
        return d;
    }

    /** A contiguous array of dtype holding {@code v} (already representable). */
    static NDArray array(DType dtype, double[] v, int... shape) {
        Object flat = switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    a[i] = (float) v[i];
                }
                yield a;
            }
            case FLOAT64 -> v.clone();
            case INT64 -> {
                long[] a = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    a[i] = (long) v[i];
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    a[i] = v[i] != 0;
                }
                yield a;
            }
        };
        return NDArray.fromArray(flat, shape);
    }

    /** The layouts of n logical elements (or a multiple of n) of one dtype. */
    static List<Case> cases(DType dtype, int n, long seed, double lo, double hi) {
        List<Case> out = new ArrayList<>();
        double[] c = data(dtype, n, seed, lo, hi);
        out.add(new Case("contiguous[" + n + "]", array(dtype, c, n), c));

        double[] base = data(dtype, 2 * n + 1, seed + 1, lo, hi);
        double[] stepped = new double[n];
        for (int i = 0; i < n; i++) {
            stepped[i] = base[1 + 2 * i];
        }
        out.add(new Case("stepped[1::2]", array(dtype, base, 2 * n + 1).slice(0, 1, 2 * n + 1, 2), stepped));

        double[] m = data(dtype, 3 * n, seed + 2, lo, hi);       // [n, 3] row-major, viewed as [3, n]
        double[] tv = new double[3 * n];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < n; j++) {
                tv[i * n + j] = m[j * 3 + i];
            }
        }
        out.add(new Case("transposed", array(dtype, m, n, 3).t(), tv));

        double[] row = data(dtype, n, seed + 3, lo, hi);       // [n] broadcast to [2, n]
        double[] rv = new double[2 * n];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(row, 0, rv, i * n, n);
        }
        out.add(new Case("broadcast-outer", array(dtype, row, n).expand(2, n), rv));

        double[] col = data(dtype, n, seed + 4, lo, hi);       // [n, 1] broadcast to [n, 3]
        double[] cv = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                cv[i * 3 + j] = col[i];
            }
        }
        out.add(new Case("broadcast-inner", array(dtype, col, n, 1).expand(n, 3), cv));
        return out;
    }

    /** The layouts with no size: 0-d and zero-size. */
    static List<Case> edgeCases(DType dtype, long seed, double lo, double hi) {
        double[] one = data(dtype, 1, seed, lo, hi);
        return List.of(
                new Case("0-d", array(dtype, one), one),
                new Case("empty[0]", array(dtype, new double[0], 0), new double[0]),
                new Case("empty[2, 0, 3]", array(dtype, new double[0], 2, 0, 3), new double[0]));
    }
}
