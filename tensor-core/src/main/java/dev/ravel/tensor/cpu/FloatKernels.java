package dev.ravel.tensor.cpu;

import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.UnaryOp;

/**
 * The hot float32 loops over contiguous runs. Two implementations: {@link ScalarFloatKernels}
 * (plain Java, always available) and a Vector API one that {@link FloatKernelsProvider} loads when
 * {@code jdk.incubator.vector} is present. Both give the same answers up to float rounding.
 */
public interface FloatKernels {
    String name();

    /** {@code y[i] = op(x[i])}; p0/p1 are the op's parameters (clamp bounds, slopes). */
    void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n, float p0, float p1);

    /** {@code y[i] = a[i] op b[i]} for the arithmetic ops. */
    void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    /** {@code y[i] = a[i] op b}. */
    void binaryScalar(BinaryOp op, float[] a, int ao, float b, float[] y, int yo, int n);

    /** {@code y[i] = beta * a[i] + alpha * f(b[i], c[i])} over contiguous runs (y may be a). */
    void ternary(dev.ravel.tensor.TernaryOp op, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo,
                 int n, float beta, float alpha, float scale, float eps);

    /**
     * One Adam step over contiguous runs (see {@code NDArray.adamStep_}):
     * {@code m = fma(m, beta1, g c1)}, {@code v = fma(v, beta2, g g c2)} with {@code c1 = 1 - beta1}
     * and {@code c2 = 1 - beta2} rounded from double (in float, 1 - 0.999f is off by 5e-5), moments
     * below the smallest normal float set to zero, {@code p = fma(m / fma(sqrt(v), invBc2Sqrt, eps), stepSize, p)}.
     * Both implementations make these same roundings, so they agree bit for bit.
     */
    void adamStep(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n, float beta1,
                  float c1, float beta2, float c2, float stepSize, float invBc2Sqrt, float eps);

    /** Sum, accumulated in float lanes over short runs and in double across them. */
    double sum(float[] x, int xo, int n);

    /**
     * Row sums: {@code y[yo + r] = (float) sum(x, xo + r * stride, n)} for {@code r < rows}, the
     * same values as {@link #sum} row by row, in one call for a range of rows (sum over the last
     * dim: a call per row, with its dispatch and double round trip, cost 12% of a [4096, 1024] sum).
     */
    void rowSums(float[] x, int xo, int stride, int n, int rows, float[] y, int yo);

    /** Largest element; NaN if any element is NaN. n must be positive. */
    float max(float[] x, int xo, int n);

    /** Smallest element; NaN if any element is NaN. n must be positive. */
    float min(float[] x, int xo, int n);

    double dot(float[] a, int ao, float[] b, int bo, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** Softmax (or log-softmax) of one contiguous row, computed stably. */
    void softmax(float[] x, int xo, float[] y, int yo, int n, boolean log);

    /**
     * The start of one output row of 2x2, stride-2 max pooling: output {@code j} is the max (NaN
     * propagating, as Math.max) of {@code x[r0 + 2j]}, {@code x[r0 + 2j + 1]}, {@code x[r1 + 2j]},
     * {@code x[r1 + 2j + 1]}, written to {@code out[o + j]}; with {@code idx}, {@code idx[io + j]}
     * is the flat position of the first of those taps equal to it (of the last NaN tap when it is
     * NaN), the taps being at {@code at0 + 2j}, {@code +1}, {@code +w}, {@code +w+1}. Returns how many
     * of the {@code n} outputs it did, from 0; the caller does the rest.
     */
    default int maxPool2x2Row(float[] x, int r0, int r1, float[] out, int o, long[] idx, int io, int at0, int w,
                              int n) {
        return 0;
    }
}
