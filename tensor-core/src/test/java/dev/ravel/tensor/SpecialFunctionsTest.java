package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** erf against an independent series and its symmetries and limits. */
class SpecialFunctionsTest {

    @Test
    void erfMatchesAnIndependentSeriesToDoublePrecision() {
        for (double x = -7; x <= 7; x += 0.001) {
            double e = Ref.erf(x);
            // The Maclaurin series loses about a digit just below |x| = 2.5, where it hands over.
            assertEquals(e, SpecialFunctions.erf(x), 1e-14 * Math.max(Math.abs(e), 1e-300), "erf(" + x + ")");
        }
        for (double x = 1e-10; x < 1e-3; x *= 1.7) {
            assertEquals(2 / Math.sqrt(Math.PI) * (x - x * x * x / 3 + Math.pow(x, 5) / 10), SpecialFunctions.erf(x), 4e-15 * x, "erf near 0 at " + x);
        }
    }

    @Test
    void erfSymmetryAndLimits() {
        assertEquals(0.0, SpecialFunctions.erf(0));
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        for (double x = 0; x < 6; x += 0.37) {
            assertEquals(-SpecialFunctions.erf(x), SpecialFunctions.erf(-x), 0.0);
        }
        double prev = -1;
        for (double x = -6; x <= 6; x += 0.01) {
            double v = SpecialFunctions.erf(x);
            assertTrue(v >= prev, "monotone at " + x);
            prev = v;
        }
        assertEquals(0.8427007929497149, SpecialFunctions.erf(1), 3e-16);
    }
}
