package dev.ravel.tensor.cpu;

import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.UnaryOp;

/** Plain-Java float kernels: the reference and the fallback when the Vector API is absent. */
public class ScalarFloatKernels implements FloatKernels {
    /** Run length of the vector kernels' float lanes before they go into a double total. */
    static final int SUM_RUN = 1024;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n, float p0, float p1) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = -x[xo + i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 || v != v ? v : 0f;
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = x[xo + i] * x[xo + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = Math.abs(x[xo + i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = (float) op.apply(x[xo + i], p0, p1);
                }
            }
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] / b[bo + i];
                }
            }
            case MASK_POSITIVE -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = b[bo + i] > 0 ? a[ao + i] : 0f;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = (float) op.apply(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float b, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] + b;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] - b;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] * b;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = a[ao + i] / b;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = (float) op.apply(a[ao + i], b);
                }
            }
        }
    }

    @Override
    public void ternary(dev.ravel.tensor.TernaryOp op, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y,
                        int yo, int n, float beta, float alpha, float scale, float eps) {
        switch (op) {
            case AXPBY -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = beta * a[ao + i] + alpha * b[bo + i];
                }
            }
            case ADDCMUL -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = beta * a[ao + i] + alpha * (b[bo + i] * c[co + i]);
                }
            }
            case ADDCDIV -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = beta * a[ao + i] + alpha * (b[bo + i] / c[co + i]);
                }
            }
            case ADDCDIV_SQRT -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = beta * a[ao + i] + alpha * (b[bo + i] / (scale * (float) Math.sqrt(c[co + i]) + eps));
                }
            }
        }
    }

    @Override
    public void adamStep(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n, float beta1,
                         float c1, float beta2, float c2, float stepSize, float invBc2Sqrt, float eps) {
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            float mi = Math.fma(m[mo + i], beta1, gi * c1);
            float vi = Math.fma(v[vo + i], beta2, gi * gi * c2);
            mi = Math.abs(mi) < Float.MIN_NORMAL ? 0f : mi;
            vi = vi < Float.MIN_NORMAL ? 0f : vi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            p[po + i] = Math.fma(mi / Math.fma((float) Math.sqrt(vi), invBc2Sqrt, eps), stepSize, p[po + i]);
        }
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        // Double accumulators: a scalar loop is no faster in float (neither is auto-vectorised), and a
        // float run of 1024 equal values is already off by ~1e-5.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
            s2 += x[xo + i + 2];
            s3 += x[xo + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void rowSums(float[] x, int xo, int stride, int n, int rows, float[] y, int yo) {
        for (int r = 0; r < rows; r++) {
            y[yo + r] = (float) sum(x, xo + r * stride, n);
        }
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public float min(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) {
            m = Math.min(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        // Products of floats are exact in double; accumulated there as in sum().
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            s0 += (double) a[ao + i] * b[bo + i];
            s1 += (double) a[ao + i + 1] * b[bo + i + 1];
        }
        for (; i < n; i++) {
            s0 += (double) a[ao + i] * b[bo + i];
        }
        return s0 + s1;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public void softmax(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        if (n == 0) {
            return;
        }
        float m = max(x, xo, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[xo + i] - m);
        }
        if (log) {
            // (x - max) - log(sum): folding max + log(sum) into one float first loses digits.
            float logSum = (float) Math.log(s);
            for (int i = 0; i < n; i++) {
                y[yo + i] = (x[xo + i] - m) - logSum;
            }
        } else {
            double inv = 1.0 / s;
            for (int i = 0; i < n; i++) {
                y[yo + i] = (float) (Math.exp(x[xo + i] - m) * inv);
            }
        }
    }
}
