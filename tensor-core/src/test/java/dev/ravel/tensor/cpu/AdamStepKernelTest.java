package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused Adam kernel: scalar and Vector API implementations agree bit for bit at every length
 * around the vector width and at odd offsets, match a double reference, flush subnormal moments
 * and write nothing outside their range.
 */
class AdamStepKernelTest {
    private static final float GUARD = 12345.5f;

    private static float[] random(SplittableRandom r, int n, double scale, boolean positive) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble() * 2 - 1;
            a[i] = (float) ((positive ? Math.abs(u) : u) * scale);
        }
        return a;
    }

    /** Runs the kernel on copies padded by {@code off} guard elements; returns {p, m, v}. */
    private static float[][] run(FloatKernels k, float[] p, float[] g, float[] m, float[] v, int off) {
        int n = p.length;
        float[][] out = new float[3][];
        float[] pp = pad(p, off);
        float[] gg = pad(g, off + 1);
        float[] mm = pad(m, off + 2);
        float[] vv = pad(v, off + 3);
        k.adamStep(pp, off, gg, off + 1, mm, off + 2, vv, off + 3, n, 0.9f, 0.1f, 0.999f, 0.001f, -1e-3f, 1.25f, 1e-8f);
        out[0] = unpad(pp, off, n);
        out[1] = unpad(mm, off + 2, n);
        out[2] = unpad(vv, off + 3, n);
        return out;
    }

    private static float[] pad(float[] a, int off) {
        float[] r = new float[a.length + 2 * off + 8];
        java.util.Arrays.fill(r, GUARD);
        System.arraycopy(a, 0, r, off, a.length);
        return r;
    }

    private static float[] unpad(float[] r, int off, int n) {
        for (int i = 0; i < off; i++) {
            assertEquals(GUARD, r[i], "written before the range");
        }
        for (int i = off + n; i < r.length; i++) {
            assertEquals(GUARD, r[i], "written after the range");
        }
        return java.util.Arrays.copyOfRange(r, off, off + n);
    }

    @Test
    void scalarAndVectorAgreeBitForBitAndWithADoubleReference() {
        FloatKernels vector = FloatKernelsProvider.vectorOrNull();
        FloatKernels scalar = new ScalarFloatKernels();
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1000}) {
            float[] p = random(r, n, 1, false);
            float[] g = random(r, n, 0.1, false);
            float[] m = random(r, n, 0.01, false);
            float[] v = random(r, n, 1e-4, true);
            float[][] s = run(scalar, p, g, m, v, 3);
            for (int i = 0; i < n; i++) {
                // the coefficients as the kernel gets them (float), the arithmetic in double
                double mi = 0.9f * (double) m[i] + 0.1f * (double) g[i];
                double vi = 0.999f * (double) v[i] + 0.001f * (double) g[i] * g[i];
                double pi = p[i] + -1e-3f * mi / (1.25f * Math.sqrt(vi) + 1e-8f);
                assertEquals(mi, s[1][i], 2e-7 * (Math.abs(m[i]) + Math.abs(g[i])), "m at " + i);
                assertEquals(vi, s[2][i], 1e-6 * vi + 1e-15, "v at " + i);
                assertEquals(pi, s[0][i], 1e-6, "p at " + i);
            }
            if (vector != null) {
                float[][] w = run(vector, p, g, m, v, 5);
                for (int t = 0; t < 3; t++) {
                    assertArrayEquals(s[t], w[t], 0f, "n=" + n + " output " + t);
                }
            }
        }
        assumeTrue(vector != null, "Vector API kernels unavailable: started without --add-modules jdk.incubator.vector");
    }

    @Test
    void subnormalMomentsAreStoredAsZeroAndNaNPropagates() {
        FloatKernels vector = FloatKernelsProvider.vectorOrNull();
        for (FloatKernels k : vector == null ? new FloatKernels[] {new ScalarFloatKernels()}
                : new FloatKernels[] {new ScalarFloatKernels(), vector}) {
            int n = 19;   // a vector's worth and a tail
            float[] p = new float[n];
            float[] g = new float[n];
            float[] m = new float[n];
            float[] v = new float[n];
            java.util.Arrays.fill(p, 0.5f);
            java.util.Arrays.fill(m, 1e-38f);             // decays to 9e-39: subnormal
            java.util.Arrays.fill(v, Float.MIN_NORMAL);   // decays below the smallest normal
            m[1] = -1e-38f;
            g[2] = 1e-20f;                                // g^2 underflows; m becomes 1e-21, normal
            m[3] = 2e-38f;                                // 1.8e-38: stays normal
            g[4] = Float.NaN;
            float[][] out = run(k, p, g, m, v, 0);
            assertEquals(0f, out[1][0], k.name());
            assertEquals(0f, out[1][1], k.name());
            assertEquals(0f, out[2][0], k.name());
            assertEquals(0.5f, out[0][0], k.name() + ": a zero step leaves p");
            assertEquals(0.9f * 1e-38f + 0.1f * 1e-20f, out[1][2], 1e-27f, k.name());
            assertEquals(0.9f * 2e-38f, out[1][3], 1e-44f, k.name());
            assertEquals(true, Float.isNaN(out[1][4]) && Float.isNaN(out[2][4]) && Float.isNaN(out[0][4]), k.name());
            assertEquals(0f, out[1][n - 1], k.name());
        }
    }
}
