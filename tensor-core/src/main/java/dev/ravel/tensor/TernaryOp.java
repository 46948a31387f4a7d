package dev.ravel.tensor;

/**
 * {@code dst = beta * a + alpha * f(b, c)} in one pass: the fused updates optimizers and gradient
 * accumulation run on every parameter ({@code add_(x, alpha)}, {@code addcmul_}, {@code addcdiv_},
 * {@code lerp_}, and the adaptive step {@code p -= lr * m / (sqrt(v) + eps)} of Adam, RMSprop and
 * Adagrad), which would otherwise cost temporaries and several passes each.
 */
public enum TernaryOp {
    /** f = b (c unused): axpby. */
    AXPBY {
        @Override public double apply(double a, double b, double c, double beta, double alpha, double scale, double eps) {
            return beta * a + alpha * b;
        }
    },
    /** f = b * c. */
    ADDCMUL {
        @Override public double apply(double a, double b, double c, double beta, double alpha, double scale, double eps) {
            return beta * a + alpha * (b * c);
        }
    },
    /** f = b / c. */
    ADDCDIV {
        @Override public double apply(double a, double b, double c, double beta, double alpha, double scale, double eps) {
            return beta * a + alpha * (b / c);
        }
    },
    /** f = b / (scale * sqrt(c) + eps): an adaptive (Adam-style) step. */
    ADDCDIV_SQRT {
        @Override public double apply(double a, double b, double c, double beta, double alpha, double scale, double eps) {
            return beta * a + alpha * (b / (scale * Math.sqrt(c) + eps));
        }
    };

    /** Reference semantics in double precision. */
    public abstract double apply(double a, double b, double c, double beta, double alpha, double scale, double eps);

    /** Whether the op reads c. */
    public boolean usesC() {
        return this != AXPBY;
    }
}
