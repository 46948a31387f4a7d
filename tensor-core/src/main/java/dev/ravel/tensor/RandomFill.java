package dev.ravel.tensor;

/** Fills a contiguous host array (any dtype) from a {@link Generator}: the one place draws are shaped. */
public final class RandomFill {
    private RandomFill() {
    }

    /** Fills {@code array[off, off+n)}; see {@link Distribution} for a and b. */
    public static void fill(Distribution d, Object array, int off, int n, Generator g, double a, double b) {
        switch (d) {
            case UNIFORM -> {
                switch (array) {
                    case float[] f -> g.fillUniform(f, off, n, (float) a, (float) b);
                    case double[] x -> g.fillUniform(x, off, n, a, b);
                    default -> throw notFloat("uniform_", array);
                }
            }
            case NORMAL -> {
                switch (array) {
                    case float[] f -> g.fillNormal(f, off, n, (float) a, (float) b);
                    case double[] x -> g.fillNormal(x, off, n, a, b);
                    default -> throw notFloat("normal_", array);
                }
            }
            case RANDINT -> {
                long lo = (long) a;
                long hi = (long) b;
                if (array instanceof long[] l) {
                    g.fillRandInt(l, off, n, lo, hi);
                } else {
                    long[] tmp = new long[n];
                    g.fillRandInt(tmp, 0, n, lo, hi);
                    switch (array) {
                        case float[] f -> { for (int i = 0; i < n; i++) { f[off + i] = tmp[i]; } }
                        case double[] x -> { for (int i = 0; i < n; i++) { x[off + i] = tmp[i]; } }
                        case boolean[] z -> { for (int i = 0; i < n; i++) { z[off + i] = tmp[i] != 0; } }
                        default -> throw new IllegalArgumentException("random_: unsupported array " + array.getClass());
                    }
                }
            }
            case BERNOULLI -> {
                switch (array) {
                    case float[] f -> g.fillBernoulli(f, off, n, a);
                    case double[] x -> g.fillBernoulli(x, off, n, a);
                    default -> {
                        double[] tmp = new double[n];
                        g.fillBernoulli(tmp, 0, n, a);
                        switch (array) {
                            case long[] l -> { for (int i = 0; i < n; i++) { l[off + i] = (long) tmp[i]; } }
                            case boolean[] z -> { for (int i = 0; i < n; i++) { z[off + i] = tmp[i] != 0; } }
                            default -> throw new IllegalArgumentException("bernoulli_: unsupported array " + array.getClass());
                        }
                    }
                }
            }
        }
    }

    /** Fills a whole array. */
    public static void fill(Distribution d, Object array, Generator g, double a, double b) {
        fill(d, array, 0, java.lang.reflect.Array.getLength(array), g, a, b);
    }

    private static IllegalArgumentException notFloat(String op, Object array) {
        String t = array instanceof long[] ? "Long" : "Bool";
        return new IllegalArgumentException(op + ": expected a floating point tensor, got dtype " + t);
    }
}
