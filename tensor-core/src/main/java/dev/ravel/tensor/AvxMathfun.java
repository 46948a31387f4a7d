package dev.ravel.tensor;

/**
 * Scalar copies of the float log and sincos that PyTorch's AVX2 randn uses ({@code log256_ps} and
 * {@code sincos256_ps} of avx_mathfun.h, Cephes polynomials), so that float normals of 16 or more
 * elements come out bit for bit as torch.randn gives them on an x86-64 CPU with AVX2. These are not
 * correctly rounded (Math.log/cos/sin differ in about 1 in 6 draws by 1-3 ulp), and GCC compiles
 * them with fused multiply-adds where an add takes a product; the Math.fma calls below are exactly
 * those (checked against torch 1.13 on 16k draws). Valid for the arguments Box-Muller gives:
 * log on (0, 1], sincos on [0, 2 pi).
 */
final class AvxMathfun {
    private AvxMathfun() {
    }

    private static final float SQRTHF = 0.707106781186547524f;
    private static final float[] LOG_P = {7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f,
        1.4249322787E-1f, -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};

    static float log(float v) {
        int bits = Float.floatToRawIntBits(v);
        float e = ((bits >>> 23) - 0x7f) + 1f;
        float x = Float.intBitsToFloat((bits & ~0x7f800000) | 0x3f000000); // mantissa in [0.5, 1)
        boolean small = x < SQRTHF;
        float tmp = small ? x : 0f;
        x = x - 1f;
        e = e - (small ? 1f : 0f);
        x = x + tmp;
        float z = x * x;
        float y = LOG_P[0];
        for (int i = 1; i < LOG_P.length; i++) {
            y = Math.fma(y, x, LOG_P[i]);
        }
        y = y * x;
        y = Math.fma(y, z, e * -2.12194440e-4f);
        y = y - z * 0.5f;
        x = x + y;
        return Math.fma(e, 0.693359375f, x);
    }

    /** {sin(v), cos(v)}. */
    static void sincos(float v, float[] out) {
        int signSin = Float.floatToRawIntBits(v) & 0x80000000;
        float x = Math.abs(v);
        int j = (int) (x * 1.27323954473516f); // 4 / pi
        j = (j + 1) & ~1;
        float y = j;
        int swapSin = (j & 4) << 29;
        boolean polyIsCos = (j & 2) == 0;
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSin;
        // Extended precision modular arithmetic: x - y * pi/4 in three parts.
        x = Math.fma(y, -0.78515625f, x);
        x = Math.fma(y, -2.4187564849853515625e-4f, x);
        x = Math.fma(y, -3.77489497744594108e-8f, x);
        float z = x * x;
        float c = Math.fma(Math.fma(2.443315711809948E-005f, z, -1.388731625493765E-003f), z, 4.166664568298827E-002f);
        c = c * z;
        c = Math.fma(c, z, -(z * 0.5f));
        c = c + 1f;
        float s = Math.fma(Math.fma(-1.9515295891E-4f, z, 8.3321608736E-3f), z, -1.6666654611E-1f);
        s = s * z;
        s = Math.fma(s, x, x);
        float sin = polyIsCos ? s : c;
        float cos = polyIsCos ? c : s;
        out[0] = Float.intBitsToFloat(Float.floatToRawIntBits(sin) ^ signSin);
        out[1] = Float.intBitsToFloat(Float.floatToRawIntBits(cos) ^ signCos);
    }
}
