package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * VectorMath's exp and tanh against Math's (within 2 ulp, special values exact), its lane sum in
 * lane order, and the property it exists for: the same bits before and after C2 compiles it.
 */
class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) {
            f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        return y;
    }

    /** {@code n} values spread over [lo, hi], padded to whole vectors. */
    private static float[] sweep(float lo, float hi, int n) {
        int len = (n + S.length() - 1) / S.length() * S.length();
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = lo + (hi - lo) * i / (len - 1);
        }
        return x;
    }

    private static void withinUlps(double expected, float actual, int ulps, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        float e = (float) expected;
        if (Float.isInfinite(e) || e == 0f) {
            assertEquals(e, actual, what);
            return;
        }
        float tolerance = ulps * Math.max(Math.ulp(e), Float.MIN_VALUE);
        assertTrue(Math.abs(actual - e) <= tolerance, what + ": expected " + e + ", got " + actual);
    }

    @Test
    void expMatchesMathExpEverywhere() {
        float[] x = sweep(-110f, 95f, 200_000);
        float[] y = apply(VectorMath::exp, x);
        for (int i = 0; i < x.length; i++) {
            // the subnormal range keeps fewer bits: compare there in absolute terms
            if (Math.exp(x[i]) < Float.MIN_NORMAL) {
                assertEquals(Math.exp(x[i]), y[i], 2 * Float.MIN_VALUE, "exp(" + x[i] + ")");
            } else {
                withinUlps(Math.exp(x[i]), y[i], 2, "exp(" + x[i] + ")");
            }
        }
        float[] special = new float[S.length()];
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.7f, 88.73f, -103.98f};
        System.arraycopy(values, 0, special, 0, Math.min(values.length, special.length));
        float[] out = apply(VectorMath::exp, special);
        for (int i = 0; i < special.length; i++) {
            withinUlps(Math.exp(special[i]), out[i], 2, "exp(" + special[i] + ")");
        }
    }

    @Test
    void tanhMatchesMathTanhEverywhere() {
        float[] x = sweep(-12f, 12f, 200_000);
        float[] y = apply(VectorMath::tanh, x);
        for (int i = 0; i < x.length; i++) {
            withinUlps(Math.tanh(x[i]), y[i], 3, "tanh(" + x[i] + ")");
        }
        float[] special = new float[S.length()];
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-30f, -0.625f, 0.625f};
        System.arraycopy(values, 0, special, 0, Math.min(values.length, special.length));
        float[] out = apply(VectorMath::tanh, special);
        for (int i = 0; i < special.length; i++) {
            withinUlps(Math.tanh(special[i]), out[i], 3, "tanh(" + special[i] + ")");
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(out[4]), "tanh(-0) is -0");
    }

    @Test
    void sumLanesAddsInLaneOrder() {
        float[] v = new float[S.length()];
        v[0] = 1e8f;
        v[1] = 1f;
        v[S.length() - 1] = -1e8f;
        float expected = 0f;
        for (float f : v) {
            expected += f;
        }
        assertEquals(expected, VectorMath.sumLanes(FloatVector.fromArray(S, v, 0)));
    }

    /** Cold (interpreted) and hot (compiled by C2) calls give the same bits. */
    @Test
    void sameBitsBeforeAndAfterCompilation() {
        float[] x = sweep(-20f, 20f, 4 * S.length());
        float[] coldExp = apply(VectorMath::exp, x);
        float[] coldTanh = apply(VectorMath::tanh, x);
        float coldSum = VectorMath.sumLanes(FloatVector.fromArray(S, x, 0));
        float[] hotExp = null;
        float[] hotTanh = null;
        float hotSum = 0;
        for (int i = 0; i < 30_000; i++) {
            hotExp = apply(VectorMath::exp, x);
            hotTanh = apply(VectorMath::tanh, x);
            hotSum = VectorMath.sumLanes(FloatVector.fromArray(S, x, 0));
        }
        assertArrayEquals(coldExp, hotExp);
        assertArrayEquals(coldTanh, hotTanh);
        assertEquals(Float.floatToIntBits(coldSum), Float.floatToIntBits(hotSum));
    }
}
