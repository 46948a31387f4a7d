package dev.ravel.tensor;

/**
 * The elementwise two-input ops a backend implements, with reference semantics in double and
 * long (see {@link UnaryOp}). Inputs reach a backend already broadcast and cast to one dtype.
 */
public enum BinaryOp {
    ADD("add", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return a + b; }
        @Override public long applyLong(long a, long b) { return a + b; }
    },
    SUB("sub", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return a - b; }
        @Override public long applyLong(long a, long b) { return a - b; }
    },
    MUL("mul", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return a * b; }
        @Override public long applyLong(long a, long b) { return a * b; }
    },
    /** True division: integer inputs give a float result. */
    DIV("div", Kind.TRUE_DIVISION) {
        @Override public double apply(double a, double b) { return a / b; }
    },
    /**
     * Rounds the quotient toward negative infinity (Python's //), computed from fmod as PyTorch's
     * div_floor_floating does: 1.0 // 0.1 is 9 (not floor(10.0)), inf // 2 is NaN, 7 // -inf is -1.
     */
    FLOOR_DIVIDE("floor_divide", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return floorDivide(a, b); }
        @Override public long applyLong(long a, long b) { return Math.floorDiv(a, checkDivisor("floor_divide", b)); }
    },
    /** Python's modulus: the result has the sign of the divisor. */
    REMAINDER("remainder", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) {
            double r = a % b;
            return r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
        @Override public long applyLong(long a, long b) { return Math.floorMod(a, checkDivisor("remainder", b)); }
    },
    /**
     * C's pow, not Java's: {@code pow(1, y)} is 1 for every y (NaN too) and {@code pow(-1, +-inf)} is 1.
     * Integers to negative powers truncate toward zero as in PyTorch (0 unless the base is 1 or -1);
     * a negative Java-number exponent on an integer array is an error raised by NDArray.pow(long).
     */
    POW("pow", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) {
            if (a == 1 || (a == -1 && Double.isInfinite(b))) {
                return 1;
            }
            return Math.pow(a, b);
        }
        @Override public long applyLong(long a, long b) {
            if (b < 0) {
                if (a == 1) {
                    return 1;
                }
                if (a == -1) {
                    return (b & 1) == 0 ? 1 : -1;
                }
                return 0;
            }
            long result = 1;
            long base = a;
            for (long e = b; e > 0; e >>= 1) {
                if ((e & 1) != 0) {
                    result *= base;
                }
                base *= base;
            }
            return result;
        }
    },
    MAXIMUM("maximum", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return Math.max(a, b); }
        @Override public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    MINIMUM("minimum", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return Math.min(a, b); }
        @Override public long applyLong(long a, long b) { return Math.min(a, b); }
    },
    /** a where b > 0, else 0: ReLU's backward (PyTorch's threshold_backward at 0), in one pass. */
    MASK_POSITIVE("threshold_backward", Kind.ARITHMETIC) {
        @Override public double apply(double a, double b) { return b > 0 ? a : 0; }
        @Override public long applyLong(long a, long b) { return b > 0 ? a : 0; }
    },
    /** GELU's backward in one pass: grad a times d/dx [x Phi(x)] = Phi(x) + x phi(x), at b = x. */
    GELU_BACKWARD("gelu_backward", Kind.TRUE_DIVISION) {
        @Override public double apply(double a, double b) {
            double cdf = 0.5 * (1.0 + SpecialFunctions.erf(b * UnaryOp.M_SQRT1_2));
            double pdf = Math.exp(-0.5 * b * b) * M_1_SQRT_2PI;
            return a * (cdf + b * pdf);
        }
    },
    /** The backward of GELU's tanh approximation, 0.5 x (1 + tanh(k (x + 0.044715 x^3))), at b = x. */
    GELU_TANH_BACKWARD("gelu_backward", Kind.TRUE_DIVISION) {
        @Override public double apply(double a, double b) {
            double x2 = b * b;
            double t = Math.tanh(M_SQRT_2_OVER_PI * (b + 0.044715 * x2 * b));
            double dInner = M_SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x2);
            return a * (0.5 * (1 + t) + 0.5 * b * (1 - t * t) * dInner);
        }
    },
    EQ("eq", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a == b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a == b ? 1 : 0; }
    },
    NE("ne", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a != b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a != b ? 1 : 0; }
    },
    LT("lt", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a < b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a < b ? 1 : 0; }
    },
    LE("le", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a <= b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a <= b ? 1 : 0; }
    },
    GT("gt", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a > b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a > b ? 1 : 0; }
    },
    GE("ge", Kind.COMPARISON) {
        @Override public double apply(double a, double b) { return a >= b ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a >= b ? 1 : 0; }
    },
    LOGICAL_AND("logical_and", Kind.LOGICAL) {
        @Override public double apply(double a, double b) { return a != 0 && b != 0 ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a != 0 && b != 0 ? 1 : 0; }
    },
    LOGICAL_OR("logical_or", Kind.LOGICAL) {
        @Override public double apply(double a, double b) { return a != 0 || b != 0 ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return a != 0 || b != 0 ? 1 : 0; }
    },
    LOGICAL_XOR("logical_xor", Kind.LOGICAL) {
        @Override public double apply(double a, double b) { return (a != 0) != (b != 0) ? 1 : 0; }
        @Override public long applyLong(long a, long b) { return (a != 0) != (b != 0) ? 1 : 0; }
    };

    static final double M_1_SQRT_2PI = 0.3989422804014327;
    static final double M_SQRT_2_OVER_PI = 0.7978845608028654;

    /** How an op's dtypes work. */
    public enum Kind {
        /** Computes and returns the promoted dtype. */
        ARITHMETIC,
        /** Like ARITHMETIC, but integer inputs compute in the default float. */
        TRUE_DIVISION,
        /** Computes in the promoted dtype, returns BOOL. */
        COMPARISON,
        /** Reads inputs as truth values, returns BOOL. */
        LOGICAL
    }

    private final String opName;
    private final Kind kind;

    BinaryOp(String opName, Kind kind) {
        this.opName = opName;
        this.kind = kind;
    }

    public String opName() {
        return opName;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the output is BOOL. */
    public boolean returnsBool() {
        return kind == Kind.COMPARISON || kind == Kind.LOGICAL;
    }

    public abstract double apply(double a, double b);

    public long applyLong(long a, long b) {
        throw new UnsupportedOperationException(opName + " is not defined on int64");
    }

    static long checkDivisor(String op, long b) {
        if (b == 0) {
            throw new ArithmeticException(op + ": ZeroDivisionError: integer division or modulo by zero");
        }
        return b;
    }

    /**
     * Python's {@code a // b} on doubles, as PyTorch's div_floor: from the exact remainder, so that
     * {@code 1.0 // 0.1} is 9 (the rounded quotient 1.0 / 0.1 is exactly 10).
     */
    static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }
}
