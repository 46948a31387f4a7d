package dev.ravel.tensor;

/** Scalar special functions that java.lang.Math lacks, accurate to double precision. */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private SpecialFunctions() {
    }

    /**
     * The error function. A Maclaurin series below |x| = 2.5 (at most one digit lost to
     * cancellation there), a continued fraction for erfc above it.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        double r = ax >= 6.5 ? 1.0 : 1.0 - erfcContinuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x >= 2.5 by the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), modified Lentz. */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 200; k++) {
            double a = k * 0.5;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) * ONE_OVER_SQRT_PI / f;
    }
}
