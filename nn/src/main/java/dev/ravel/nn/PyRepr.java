package dev.ravel.nn;

import java.math.BigDecimal;

/** Python's spelling of values in module printouts, so they read like PyTorch's ({@code eps=1e-05}, {@code bias=True}). */
final class PyRepr {
    private PyRepr() {
    }

    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** Python's repr of a float: shortest digits, scientific below 1e-4 or from 1e16, at least one decimal. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = shortest(v);
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /**
     * The fewest significant digits that read back as v, the closest such decimal, as Python's repr
     * (Double.toString keeps at least two digits: 4.9E-324 where Python has 5e-324).
     */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal d = exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
            if (d.doubleValue() == v) {
                return d.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** A pair as Python prints a tuple: {@code (3, 3)}. */
    static String pair(int a, int b) {
        return "(" + a + ", " + b + ")";
    }
}
