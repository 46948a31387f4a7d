package dev.ravel.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and a lane sum for the Vector API kernels, built only from operations IEEE 754 defines
 * exactly (add, mul, fma, div, compares, bit moves), so that they give the same bits whether the JIT
 * has compiled the loop yet or not. The Vector API's own {@code EXP}/{@code TANH} and float
 * {@code reduceLanes(ADD)} do not: compiled they use SVML and a pairwise sum, interpreted a per-lane
 * {@code Math} call and a sequential sum, so the result of a seeded run depended on when C2
 * compiled a kernel (two runs of the same training differed in the last bits and drifted apart).
 * The polynomials are Cephes' expf and tanhf (about 1 ulp).
 */
final class VectorMath {
    private VectorMath() {
    }

    // Constants as static final vectors: C2 treats them as constants, and they keep the methods'
    // bytecode small enough to be inlined into every kernel loop (a call would box the vectors).
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final FloatVector ROUND = FloatVector.broadcast(S, 12582912f);
    private static final IntVector ROUND_BITS = IntVector.broadcast(S.withLanes(int.class), Float.floatToIntBits(12582912f));
    private static final FloatVector EXP_LOW = FloatVector.broadcast(S, -104f);
    private static final FloatVector EXP_HIGH = FloatVector.broadcast(S, 88.8f);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693359375f);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    private static final FloatVector E0 = FloatVector.broadcast(S, 1.9875691500e-4f);
    private static final FloatVector E1 = FloatVector.broadcast(S, 1.3981999507e-3f);
    private static final FloatVector E2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    private static final FloatVector E3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    private static final FloatVector E4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    private static final FloatVector E5 = FloatVector.broadcast(S, 5.0000001201e-1f);
    private static final FloatVector T0 = FloatVector.broadcast(S, -5.70498872745e-3f);
    private static final FloatVector T1 = FloatVector.broadcast(S, 2.06390887954e-2f);
    private static final FloatVector T2 = FloatVector.broadcast(S, -5.37397155531e-2f);
    private static final FloatVector T3 = FloatVector.broadcast(S, 1.33314422036e-1f);
    private static final FloatVector T4 = FloatVector.broadcast(S, -3.33332819422e-1f);

    /** e^x; NaN stays NaN, overflow gives infinity and underflow a subnormal or zero, as Math.exp. */
    static FloatVector exp(FloatVector x) {
        // Clamped so that n below stays in [-150, 128] (beyond, the result is 0 or infinity anyway).
        // Compare and blend, not max/min: Java's max/min semantics (NaN, -0) cost C2 several
        // instructions each; a NaN compares false here and stays NaN.
        FloatVector c = x.blend(EXP_LOW, x.lt(EXP_LOW)).blend(EXP_HIGH, x.compare(VectorOperators.GT, EXP_HIGH));
        FloatVector t = c.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, c));
        FloatVector p = r.fma(E0, E1).fma(r, E2).fma(r, E3).fma(r, E4).fma(r, E5);
        FloatVector y = p.fma(r.mul(r), r).add(ONE);
        // n as an int from t's low mantissa bits (t = 1.5 * 2^23 + n exactly), cheaper than F2I with
        // its saturation fix-ups; then 2^n as two factors 2^(n/2) 2^(n - n/2), each a normal float
        // for n in [-150, 128]
        IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        return y.mul(powerOfTwo(n1)).mul(powerOfTwo(ni.sub(n1)));
    }

    private static FloatVector powerOfTwo(IntVector e) {
        return e.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** tanh: a polynomial below |x| = 0.625 (where 1 - 2/(e^2x + 1) would cancel), that form above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector large = ONE.sub(TWO.div(exp(a.add(a)).add(ONE)));
        large = large.blend(large.neg(), x.lt(0f));
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(T0, T1).fma(z, T2).fma(z, T3).fma(z, T4);
        return large.blend(x.mul(p.fma(z, ONE)), a.lt(0.625f)); // x (1 + z p) keeps the sign of a zero
    }

    // Lane rotations for sumLanes' tree, for up to 16 lanes (the ones longer than the species are never used).
    private static final VectorShuffle<Float> ROTATE_8 = rotation(8);
    private static final VectorShuffle<Float> ROTATE_4 = rotation(4);
    private static final VectorShuffle<Float> ROTATE_2 = rotation(2);
    private static final VectorShuffle<Float> ROTATE_1 = rotation(1);

    private static VectorShuffle<Float> rotation(int by) {
        return VectorShuffle.fromOp(S, i -> (i + by) % S.length());
    }

    /**
     * The sum of the lanes as a fixed pairwise tree (lane i plus lane i + L/2, and so on down):
     * the same bits compiled or not, and, unlike a lane-order chain of adds, short enough that the
     * next row's loads overlap it (a row sum of [4096, 1024] from memory took 0.65 ms in lane order,
     * 0.42 ms this way).
     */
    static float sumLanes(FloatVector v) {
        int lanes = v.length();
        if (lanes > 16) {
            // wider than 512 bits (SVE): no precomputed tree; lane order
            float s = 0f;
            for (int i = 0; i < lanes; i++) {
                s += v.lane(i);
            }
            return s;
        }
        if (lanes >= 16) {
            v = v.add(v.rearrange(ROTATE_8));
        }
        if (lanes >= 8) {
            v = v.add(v.rearrange(ROTATE_4));
        }
        if (lanes >= 4) {
            v = v.add(v.rearrange(ROTATE_2));
        }
        if (lanes >= 2) {
            v = v.add(v.rearrange(ROTATE_1));
        }
        return v.lane(0);
    }
}
