package dev.ravel.tensor;

/** Independent double-precision reference functions for the tests (not Ravel's own code paths). */
public final class Ref {
    private Ref() {
    }

    /**
     * erf by the everywhere-convergent series {@code 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (2n+1)!!},
     * whose terms are all positive (no cancellation); exact to double precision for |x| <= 6.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax > 6) {
            return Math.signum(x);
        }
        double term = ax;
        double sum = ax;
        double x2 = 2 * ax * ax;
        for (int n = 1; n < 500; n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
        return x < 0 ? -r : r;
    }

    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    public static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Python's // on doubles (floor of the exact quotient, as torch.floor_divide). */
    public static double floorDiv(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1;
        }
        if (div == 0) {
            return Math.copySign(0, a / b);
        }
        double f = Math.floor(div);
        return div - f > 0.5 ? f + 1 : f;
    }

    /** Python's % on doubles: the sign of the divisor. */
    public static double remainder(double a, double b) {
        double r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
}
