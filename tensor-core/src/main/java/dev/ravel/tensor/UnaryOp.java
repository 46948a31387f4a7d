package dev.ravel.tensor;

/**
 * The elementwise one-input ops a backend implements. Each constant carries its reference
 * semantics in double (and in long where integers keep their type), which the CPU backend uses
 * for float64, for int64 and as the fallback of its vectorised float kernels; a backend
 * specialises only the hot ones.
 */
public enum UnaryOp {
    NEG("neg", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return -x; }
        @Override public long applyLong(long x, double p0, double p1) { return -x; }
    },
    ABS("abs", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Math.abs(x); }
        @Override public long applyLong(long x, double p0, double p1) { return Math.abs(x); }
    },
    SIGN("sign", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Double.isNaN(x) ? 0 : Math.signum(x); }
        @Override public long applyLong(long x, double p0, double p1) { return Long.signum(x); }
    },
    SQUARE("square", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return x * x; }
        @Override public long applyLong(long x, double p0, double p1) { return x * x; }
    },
    RELU("relu", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
        @Override public long applyLong(long x, double p0, double p1) { return Math.max(x, 0); }
    },
    /** p0 = min, p1 = max; an absent bound is an infinity. NaN propagates, as in PyTorch. */
    CLAMP("clamp", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Math.min(Math.max(x, p0), p1); }
        @Override public long applyLong(long x, double p0, double p1) {
            long lo = p0 == Double.NEGATIVE_INFINITY ? Long.MIN_VALUE : (long) Math.ceil(p0);
            long hi = p1 == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) Math.floor(p1);
            return Math.min(Math.max(x, lo), hi);
        }
    },
    FLOOR("floor", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Math.floor(x); }
        @Override public long applyLong(long x, double p0, double p1) { return x; }
    },
    CEIL("ceil", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Math.ceil(x); }
        @Override public long applyLong(long x, double p0, double p1) { return x; }
    },
    /** Half to even, like torch.round. */
    ROUND("round", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return Math.rint(x); }
        @Override public long applyLong(long x, double p0, double p1) { return x; }
    },
    TRUNC("trunc", Result.SAME) {
        @Override public double apply(double x, double p0, double p1) { return x < 0 ? Math.ceil(x) : Math.floor(x); }
        @Override public long applyLong(long x, double p0, double p1) { return x; }
    },
    EXP("exp", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.exp(x); }
    },
    LOG("log", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.log(x); }
    },
    LOG1P("log1p", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.log1p(x); }
    },
    EXPM1("expm1", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.expm1(x); }
    },
    SQRT("sqrt", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.sqrt(x); }
    },
    RSQRT("rsqrt", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return 1.0 / Math.sqrt(x); }
    },
    RECIPROCAL("reciprocal", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return 1.0 / x; }
    },
    SIN("sin", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.sin(x); }
    },
    COS("cos", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.cos(x); }
    },
    TANH("tanh", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return Math.tanh(x); }
    },
    SIGMOID("sigmoid", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) {
            // The two branches keep exp from overflowing.
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    /** Exact GELU: x * Phi(x). */
    GELU("gelu", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return 0.5 * x * (1.0 + SpecialFunctions.erf(x * M_SQRT1_2)); }
    },
    /** GELU's tanh approximation (approximate="tanh"). */
    GELU_TANH("gelu", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) {
            return 0.5 * x * (1.0 + Math.tanh(M_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
        }
    },
    SILU("silu", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return x * SIGMOID.apply(x, 0, 0); }
    },
    /** p0 = beta, p1 = threshold: linear where beta*x > threshold, as torch.nn.functional.softplus. */
    SOFTPLUS("softplus", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) {
            double bx = x * p0;
            return bx > p1 ? x : Math.log1p(Math.exp(bx)) / p0;
        }
    },
    ERF("erf", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return SpecialFunctions.erf(x); }
    },
    /** p0 = negative slope. */
    LEAKY_RELU("leaky_relu", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return x > 0 ? x : x * p0; }
    },
    /** p0 = alpha. */
    ELU("elu", Result.FLOAT) {
        @Override public double apply(double x, double p0, double p1) { return x > 0 ? x : p0 * Math.expm1(x); }
    },
    ISNAN("isnan", Result.BOOL) {
        @Override public double apply(double x, double p0, double p1) { return Double.isNaN(x) ? 1 : 0; }
    },
    ISINF("isinf", Result.BOOL) {
        @Override public double apply(double x, double p0, double p1) { return Double.isInfinite(x) ? 1 : 0; }
    },
    ISFINITE("isfinite", Result.BOOL) {
        @Override public double apply(double x, double p0, double p1) { return Double.isFinite(x) ? 1 : 0; }
    };

    static final double M_SQRT1_2 = 0.70710678118654752440;
    static final double M_SQRT_2_OVER_PI = 0.79788456080286535588;

    /** What an op's output dtype is. */
    public enum Result {
        /** The input's dtype; integers stay integers. */
        SAME,
        /** A floating dtype: integer and bool inputs are promoted to the default float. */
        FLOAT,
        /** BOOL, whatever the input. */
        BOOL
    }

    private final String opName;
    private final Result result;

    UnaryOp(String opName, Result result) {
        this.opName = opName;
        this.result = result;
    }

    /** PyTorch's name of the op, for messages. */
    public String opName() {
        return opName;
    }

    public Result result() {
        return result;
    }

    /** Reference semantics in double precision. */
    public abstract double apply(double x, double p0, double p1);

    /** Semantics on int64 for ops that keep integers; others never receive longs. */
    public long applyLong(long x, double p0, double p1) {
        throw new UnsupportedOperationException(opName + " is not defined on int64");
    }
}
