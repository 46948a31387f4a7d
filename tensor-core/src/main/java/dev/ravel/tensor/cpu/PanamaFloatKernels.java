package dev.ravel.tensor.cpu;

import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float kernels on the Vector API (loaded only through {@link FloatKernelsProvider}). Each hot op
 * is its own small loop with a constant operator, which is what lets C2 intrinsify it; tails and
 * the ops not worth a vector loop fall back to {@link ScalarFloatKernels}. exp, tanh and lane sums
 * come from {@link VectorMath}, never from the Vector API's transcendental operators, whose bits
 * change when C2 compiles the loop; log has no such kernel yet and runs on the scalar Math.log.
 */
final class PanamaFloatKernels extends ScalarFloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n, float p0, float p1) {
        int done = switch (op) {
            case NEG -> neg(x, xo, y, yo, n);
            case ABS -> abs(x, xo, y, yo, n);
            case SQUARE -> square(x, xo, y, yo, n);
            case RELU -> relu(x, xo, y, yo, n);
            case CLAMP -> clamp(x, xo, y, yo, n, p0, p1);
            case EXP -> exp(x, xo, y, yo, n);
            case SQRT -> sqrt(x, xo, y, yo, n);
            case RSQRT -> rsqrt(x, xo, y, yo, n);
            case RECIPROCAL -> reciprocal(x, xo, y, yo, n);
            case TANH -> tanh(x, xo, y, yo, n);
            case SIGMOID -> sigmoid(x, xo, y, yo, n);
            case SILU -> silu(x, xo, y, yo, n);
            case GELU -> gelu(x, xo, y, yo, n);
            case GELU_TANH -> geluTanh(x, xo, y, yo, n);
            case LEAKY_RELU -> leakyRelu(x, xo, y, yo, n, p0);
            default -> 0;
        };
        if (done < n) {
            super.unary(op, x, xo + done, y, yo + done, n - done, p0, p1);
        }
    }

    private static int neg(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
        }
        return i;
    }

    private static int abs(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
        }
        return i;
    }

    private static int square(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int relu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            // max(v, 0) keeps NaN, as torch.relu does.
            FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(y, yo + i);
        }
        return i;
    }

    private static int clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(y, yo + i);
        }
        return i;
    }

    private static int exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            VectorMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int sqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i);
        }
        return i;
    }

    private static int rsqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = S.loopBound(n); i < b; i += L) {
            one.div(FloatVector.fromArray(S, x, xo + i).sqrt()).intoArray(y, yo + i);
        }
        return i;
    }

    private static int reciprocal(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = S.loopBound(n); i < b; i += L) {
            one.div(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int tanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            one.div(VectorMath.exp(v.neg()).add(one)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int silu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.div(VectorMath.exp(v.neg()).add(one)).intoArray(y, yo + i);
        }
        return i;
    }

    private static final float SQRT1_2 = 0.70710678118654752f;

    // erfc's coefficients as static final vectors (constants to C2; a small method body, which
    // keeps normalCdf and the exp inside it inlined into the kernel loops)
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector ERFC0 = FloatVector.broadcast(S, 0.17087277f);
    private static final FloatVector ERFC1 = FloatVector.broadcast(S, -0.82215223f);
    private static final FloatVector ERFC2 = FloatVector.broadcast(S, 1.48851587f);
    private static final FloatVector ERFC3 = FloatVector.broadcast(S, -1.13520398f);
    private static final FloatVector ERFC4 = FloatVector.broadcast(S, 0.27886807f);
    private static final FloatVector ERFC5 = FloatVector.broadcast(S, -0.18628806f);
    private static final FloatVector ERFC6 = FloatVector.broadcast(S, 0.09678418f);
    private static final FloatVector ERFC7 = FloatVector.broadcast(S, 0.37409196f);
    private static final FloatVector ERFC8 = FloatVector.broadcast(S, 1.00002368f);
    private static final FloatVector ERFC9 = FloatVector.broadcast(S, -1.26551223f);

    /**
     * Phi(x), the standard normal CDF, from a Chebyshev fit of erfc whose relative error is below
     * 1.2e-7 everywhere, so it stays accurate far into the negative tail (where 1 + erf(x) would
     * cancel).
     */
    private static FloatVector normalCdf(FloatVector v) {
        FloatVector one = ONE;
        FloatVector z = v.abs().mul(SQRT1_2);
        FloatVector t = one.div(z.mul(0.5f).add(one));
        FloatVector p = t.fma(ERFC0, ERFC1).fma(t, ERFC2).fma(t, ERFC3).fma(t, ERFC4).fma(t, ERFC5).fma(t, ERFC6)
                .fma(t, ERFC7).fma(t, ERFC8).fma(t, ERFC9);
        FloatVector erfc = t.mul(VectorMath.exp(p.sub(z.mul(z))));
        // Phi(x) = erfc(|x|/sqrt2)/2 for x < 0, 1 - that for x >= 0.
        FloatVector half = erfc.mul(0.5f);
        return one.sub(half).blend(half, v.lt(0f));
    }

    // Phi(x) = 1/2 + x q(x^2) on |x| <= 2, q a degree-8 fit (weighted least squares on Chebyshev
    // nodes, relative to Phi(-|x|)); GELU there is within 3e-6 relative of the exact value, the
    // rounding of 1/2 - |x| q at x = -2 (PyTorch's float 1 + erf cancels the same way).
    private static final FloatVector PHI_POLY_LIMIT_SQUARED = FloatVector.broadcast(S, 4f);
    private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f);
    private static final FloatVector Q0 = FloatVector.broadcast(S, 0.3989422917366028f);
    private static final FloatVector Q1 = FloatVector.broadcast(S, -0.06649034470319748f);
    private static final FloatVector Q2 = FloatVector.broadcast(S, 0.009973429143428802f);
    private static final FloatVector Q3 = FloatVector.broadcast(S, -0.0011871110182255507f);
    private static final FloatVector Q4 = FloatVector.broadcast(S, 1.1522639397298917e-4f);
    private static final FloatVector Q5 = FloatVector.broadcast(S, -9.323015547124669e-6f);
    private static final FloatVector Q6 = FloatVector.broadcast(S, 6.213676329025475e-7f);
    private static final FloatVector Q7 = FloatVector.broadcast(S, -3.097945011631964e-8f);
    private static final FloatVector Q8 = FloatVector.broadcast(S, 8.473119428309417e-10f);

    /**
     * Exact GELU, x * Phi(x). A vector whose lanes all lie in [-2, 2] (most of them, for
     * normalised activations) takes the polynomial, no exp and no division; others the erfc form.
     */
    private static int gelu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector phi;
            FloatVector s = v.mul(v);
            if (s.compare(VectorOperators.LE, PHI_POLY_LIMIT_SQUARED).allTrue()) { // |x| <= 2; false for NaN
                // Estrin's scheme: three short chains instead of Horner's eight dependent fmas
                // (JMH W2 gelu, interleaved: 1.233 / 1.100 / 1.025 -> 1.174 / 1.051 / 0.908 ms)
                FloatVector s2 = s.mul(s);
                FloatVector s4 = s2.mul(s2);
                FloatVector q03 = s2.fma(s.fma(Q3, Q2), s.fma(Q1, Q0));
                FloatVector q47 = s2.fma(s.fma(Q7, Q6), s.fma(Q5, Q4));
                FloatVector q = s4.fma(s4.fma(Q8, q47), q03);
                phi = v.fma(q, HALF);
            } else {
                phi = normalCdf(v);
            }
            v.mul(phi).intoArray(y, yo + i);
        }
        return i;
    }

    private static final float ONE_OVER_SQRT_2PI = 0.3989422804014327f;

    /** GELU's backward, g * (Phi(x) + x phi(x)). */
    private static int geluBackward(float[] g, int go, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(ONE_OVER_SQRT_2PI);
            FloatVector d = v.fma(pdf, normalCdf(v));
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(y, yo + i);
        }
        return i;
    }

    /** The backward of the tanh approximation: g * (0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2)). */
    private static int geluTanhBackward(float[] g, int go, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector x2 = v.mul(v);
            FloatVector t = VectorMath.tanh(x2.mul(0.044715f).mul(v).add(v).mul(SQRT_2_OVER_PI));
            FloatVector dInner = x2.mul(3 * 0.044715f).add(1f).mul(SQRT_2_OVER_PI);
            FloatVector right = v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(dInner);
            FloatVector d = t.add(1f).mul(0.5f).add(right);
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(y, yo + i);
        }
        return i;
    }

    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    private static int geluTanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(VectorMath.tanh(inner).add(1f)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int leakyRelu(float[] x, int xo, float[] y, int yo, int n, float slope) {
        int i = 0;
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.blend(v.mul(slope), v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i);
        }
        return i;
    }

    // Pooling rows are short (a 28-wide plane has 14 outputs), so this kernel uses vectors of at
    // most 8 floats: a row of 14 is then one vector and a scalar tail of 6, not all scalar.
    private static final VectorSpecies<Float> P = S.length() > 8 ? FloatVector.SPECIES_256 : S;
    private static final int PL = P.length();
    private static final VectorSpecies<Integer> I = P.withLanes(int.class);
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.withShape(P.vectorShape());
    /** Lanes 0, 2, 4, ... of two vectors side by side (indexes past PL are exceptional: the second vector). */
    private static final VectorShuffle<Float> EVEN = pairShuffle(0);
    private static final VectorShuffle<Float> ODD = pairShuffle(1);
    private static final IntVector EVEN_OFFSETS = IntVector.zero(I).addIndex(2);

    private static VectorShuffle<Float> pairShuffle(int first) {
        int[] source = new int[PL];
        for (int i = 0; i < PL; i++) {
            int s = 2 * i + first;
            source[i] = s < PL ? s : s - 2 * PL;
        }
        return VectorShuffle.fromArray(P, source, 0);
    }

    @Override
    public int maxPool2x2Row(float[] x, int r0, int r1, float[] out, int o, long[] idx, int io, int at0, int w,
                             int n) {
        int j = 0;
        for (; j + PL <= n; j += PL) {
            FloatVector a0 = FloatVector.fromArray(P, x, r0 + 2 * j);
            FloatVector a1 = FloatVector.fromArray(P, x, r0 + 2 * j + PL);
            FloatVector b0 = FloatVector.fromArray(P, x, r1 + 2 * j);
            FloatVector b1 = FloatVector.fromArray(P, x, r1 + 2 * j + PL);
            FloatVector v0 = a0.rearrange(EVEN, a1);
            FloatVector v1 = a0.rearrange(ODD, a1);
            FloatVector v2 = b0.rearrange(EVEN, b1);
            FloatVector v3 = b0.rearrange(ODD, b1);
            FloatVector best = v0.max(v1).max(v2.max(v3));
            best.intoArray(out, o + j);
            if (idx == null) {
                continue;
            }
            IntVector at = EVEN_OFFSETS.add(at0 + 2 * j);
            IntVector i = at.add(w + 1)
                    .blend(at.add(w), v2.eq(best).cast(I))
                    .blend(at.add(1), v1.eq(best).cast(I))
                    .blend(at, v0.eq(best).cast(I));
            VectorMask<Float> nan = best.test(VectorOperators.IS_NAN);
            if (nan.anyTrue()) {
                IntVector lastNan = at.blend(at.add(1), v1.test(VectorOperators.IS_NAN).cast(I))
                        .blend(at.add(w), v2.test(VectorOperators.IS_NAN).cast(I))
                        .blend(at.add(w + 1), v3.test(VectorOperators.IS_NAN).cast(I));
                i = i.blend(lastNan, nan.cast(I));
            }
            for (int part = 0; part * LONGS.length() < PL; part++) {
                ((LongVector) i.convertShape(VectorOperators.I2L, LONGS, part)).intoArray(idx, io + j + part * LONGS.length());
            }
        }
        return j;
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = switch (op) {
            case ADD -> add(a, ao, b, bo, y, yo, n);
            case SUB -> sub(a, ao, b, bo, y, yo, n);
            case MUL -> mul(a, ao, b, bo, y, yo, n);
            case DIV -> div(a, ao, b, bo, y, yo, n);
            case MAXIMUM -> max(a, ao, b, bo, y, yo, n);
            case MINIMUM -> min(a, ao, b, bo, y, yo, n);
            case MASK_POSITIVE -> maskPositive(a, ao, b, bo, y, yo, n);
            case GELU_BACKWARD -> geluBackward(a, ao, b, bo, y, yo, n);
            case GELU_TANH_BACKWARD -> geluTanhBackward(a, ao, b, bo, y, yo, n);
            default -> 0;
        };
        if (i < n) {
            super.binary(op, a, ao + i, b, bo + i, y, yo + i, n - i);
        }
    }

    private static int maskPositive(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int e = S.loopBound(n); i < e; i += L) {
            VectorMask<Float> keep = FloatVector.fromArray(S, b, bo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, a, ao + i), keep).intoArray(y, yo + i);
        }
        return i;
    }

    private static int add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int sub(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int mul(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int div(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int max(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    private static int min(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = switch (op) {
            case ADD -> addScalar(a, ao, b, y, yo, n);
            case SUB -> addScalar(a, ao, -b, y, yo, n);
            case MUL -> mulScalar(a, ao, b, y, yo, n);
            case DIV -> divScalar(a, ao, b, y, yo, n);
            case MAXIMUM -> maxScalar(a, ao, b, y, yo, n);
            case MINIMUM -> minScalar(a, ao, b, y, yo, n);
            case POW -> b == 2f ? square(a, ao, y, yo, n) : b == 1f ? copy(a, ao, y, yo, n) : 0;
            default -> 0;
        };
        if (i < n) {
            super.binaryScalar(op, a, ao + i, b, y, yo + i, n - i);
        }
    }

    private static int copy(float[] a, int ao, float[] y, int yo, int n) {
        System.arraycopy(a, ao, y, yo, n);
        return n;
    }

    private static int addScalar(float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(b).intoArray(y, yo + i);
        }
        return i;
    }

    private static int mulScalar(float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(b).intoArray(y, yo + i);
        }
        return i;
    }

    private static int divScalar(float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).div(b).intoArray(y, yo + i);
        }
        return i;
    }

    private static int maxScalar(float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).max(b).intoArray(y, yo + i);
        }
        return i;
    }

    private static int minScalar(float[] a, int ao, float b, float[] y, int yo, int n) {
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector.fromArray(S, a, ao + i).min(b).intoArray(y, yo + i);
        }
        return i;
    }

    @Override
    public void ternary(dev.ravel.tensor.TernaryOp op, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y,
                        int yo, int n, float beta, float alpha, float scale, float eps) {
        int i = switch (op) {
            case AXPBY -> axpby(a, ao, b, bo, y, yo, n, beta, alpha);
            case ADDCMUL -> addcmul(a, ao, b, bo, c, co, y, yo, n, beta, alpha);
            case ADDCDIV -> addcdiv(a, ao, b, bo, c, co, y, yo, n, beta, alpha);
            case ADDCDIV_SQRT -> addcdivSqrt(a, ao, b, bo, c, co, y, yo, n, beta, alpha, scale, eps);
        };
        if (i < n) {
            super.ternary(op, a, ao + i, b, bo + i, c, co + i, y, yo + i, n - i, beta, alpha, scale, eps);
        }
    }

    @Override
    public void adamStep(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n, float beta1,
                         float c1, float beta2, float c2, float stepSize, float invBc2Sqrt, float eps) {
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        FloatVector vc1 = FloatVector.broadcast(S, c1);
        FloatVector vc2 = FloatVector.broadcast(S, c2);
        FloatVector step = FloatVector.broadcast(S, stepSize);
        FloatVector inv = FloatVector.broadcast(S, invBc2Sqrt);
        FloatVector ve = FloatVector.broadcast(S, eps);
        FloatVector tiny = FloatVector.broadcast(S, Float.MIN_NORMAL);
        int i = 0;
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector vg = FloatVector.fromArray(S, g, go + i);
            FloatVector vm = FloatVector.fromArray(S, m, mo + i).fma(b1, vg.mul(vc1));
            FloatVector vv = FloatVector.fromArray(S, v, vo + i).fma(b2, vg.mul(vg).mul(vc2));
            vm = vm.blend(0f, vm.abs().lt(tiny));
            vv = vv.blend(0f, vv.lt(tiny));
            vm.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            vm.div(vv.sqrt().fma(inv, ve)).fma(step, FloatVector.fromArray(S, p, po + i)).intoArray(p, po + i);
        }
        if (i < n) {
            super.adamStep(p, po + i, g, go + i, m, mo + i, v, vo + i, n - i, beta1, c1, beta2, c2, stepSize, invBc2Sqrt,
                    eps);
        }
    }

    private static int addcdivSqrt(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n,
                                   float beta, float alpha, float scale, float eps) {
        int i = 0;
        FloatVector vb = FloatVector.broadcast(S, beta);
        FloatVector va = FloatVector.broadcast(S, alpha);
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector ve = FloatVector.broadcast(S, eps);
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector denom = FloatVector.fromArray(S, c, co + i).sqrt().fma(vs, ve);
            FloatVector x = FloatVector.fromArray(S, b, bo + i).div(denom).mul(va);
            FloatVector.fromArray(S, a, ao + i).fma(vb, x).intoArray(y, yo + i);
        }
        return i;
    }

    private static int axpby(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n, float beta, float alpha) {
        int i = 0;
        FloatVector vb = FloatVector.broadcast(S, beta);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector x = FloatVector.fromArray(S, b, bo + i).mul(va);
            FloatVector.fromArray(S, a, ao + i).fma(vb, x).intoArray(y, yo + i);
        }
        return i;
    }

    private static int addcmul(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n,
                               float beta, float alpha) {
        int i = 0;
        FloatVector vb = FloatVector.broadcast(S, beta);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector x = FloatVector.fromArray(S, b, bo + i).mul(FloatVector.fromArray(S, c, co + i)).mul(va);
            FloatVector.fromArray(S, a, ao + i).fma(vb, x).intoArray(y, yo + i);
        }
        return i;
    }

    private static int addcdiv(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n,
                               float beta, float alpha) {
        int i = 0;
        FloatVector vb = FloatVector.broadcast(S, beta);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int e = S.loopBound(n); i < e; i += L) {
            FloatVector x = FloatVector.fromArray(S, b, bo + i).div(FloatVector.fromArray(S, c, co + i)).mul(va);
            FloatVector.fromArray(S, a, ao + i).fma(vb, x).intoArray(y, yo + i);
        }
        return i;
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int s = 0; s < n; s += SUM_RUN) {
            total += sumRun(x, xo + s, Math.min(SUM_RUN, n - s));
        }
        return total;
    }

    @Override
    public void rowSums(float[] x, int xo, int stride, int n, int rows, float[] y, int yo) {
        if (n > SUM_RUN) {
            super.rowSums(x, xo, stride, n, rows, y, yo);
            return;
        }
        for (int r = 0; r < rows; r++) {
            y[yo + r] = sumRun(x, xo + r * stride, n);   // what sum() gives for one run
        }
    }

    /** Four accumulators hide the add latency. */
    private static float sumRun(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int i = 0;
        for (int b = n - 4 * L; i <= b; i += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(S, x, xo + i));
            a1 = a1.add(FloatVector.fromArray(S, x, xo + i + L));
            a2 = a2.add(FloatVector.fromArray(S, x, xo + i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, x, xo + i + 3 * L));
        }
        for (int b = S.loopBound(n); i < b; i += L) {
            a0 = a0.add(FloatVector.fromArray(S, x, xo + i));
        }
        float s = VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        if (n < L) {
            return super.max(x, xo, n);
        }
        // two accumulators: C2's max (Java's NaN and -0 rules) is a chain of several instructions; four
        // were faster alone but, inlined into softmax, made its exp loop 1.8x slower. min is a copy on
        // purpose: one helper choosing max or min by a flag measured 7x slower (325 -> 2209 ns a row pair)
        FloatVector m0 = FloatVector.fromArray(S, x, xo);
        FloatVector m1 = m0;
        int i = L;
        for (int b = n - 2 * L; i <= b; i += 2 * L) {
            m0 = m0.max(FloatVector.fromArray(S, x, xo + i));
            m1 = m1.max(FloatVector.fromArray(S, x, xo + i + L));
        }
        for (int b = S.loopBound(n); i < b; i += L) {
            m0 = m0.max(FloatVector.fromArray(S, x, xo + i));
        }
        float r = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            r = Math.max(r, x[xo + i]);
        }
        return r;
    }

    @Override
    public float min(float[] x, int xo, int n) {
        if (n < L) {
            return super.min(x, xo, n);
        }
        // two accumulators: C2's min (Java's NaN and -0 rules) is a chain of several instructions; four
        // were faster alone but, inlined into softmax, made its exp loop 1.8x slower
        FloatVector m0 = FloatVector.fromArray(S, x, xo);
        FloatVector m1 = m0;
        int i = L;
        for (int b = n - 2 * L; i <= b; i += 2 * L) {
            m0 = m0.min(FloatVector.fromArray(S, x, xo + i));
            m1 = m1.min(FloatVector.fromArray(S, x, xo + i + L));
        }
        for (int b = S.loopBound(n); i < b; i += L) {
            m0 = m0.min(FloatVector.fromArray(S, x, xo + i));
        }
        float r = m0.min(m1).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
            r = Math.min(r, x[xo + i]);
        }
        return r;
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        double total = 0;
        for (int s = 0; s < n; s += SUM_RUN) {
            total += dotRun(a, ao + s, b, bo + s, Math.min(SUM_RUN, n - s));
        }
        return total;
    }

    private static float dotRun(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int i = 0;
        for (int e = n - 2 * L; i <= e; i += 2 * L) {
            a0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), a0);
            a1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), a1);
        }
        for (int e = S.loopBound(n); i < e; i += L) {
            a0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), a0);
        }
        float s = VectorMath.sumLanes(a0.add(a1));
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (int b = S.loopBound(n); i < b; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * The sum of e^(x - shift) over a run of whole vectors, each also stored in y unless y is null
     * (log-softmax). A small loop of its own, the shift broadcast once: a quarter faster per row than
     * the loop written inside softmax.
     */
    private static float expSumRun(float[] x, int xo, float[] y, int yo, int n, FloatVector shift) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xo + i).sub(shift));
            if (y != null) {
                e.intoArray(y, yo + i);
            }
            acc = acc.add(e);
        }
        return VectorMath.sumLanes(acc);
    }

    @Override
    public void softmax(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        if (n < L) {
            super.softmax(x, xo, y, yo, n, log);
            return;
        }
        float m = max(x, xo, n);
        FloatVector shift = FloatVector.broadcast(S, m);
        int i = 0;
        int bound = S.loopBound(n);
        double s = 0;
        while (i < bound) {
            // Float lanes over runs of SUM_RUN, then double, as in sum(): long rows (vocabularies) stay accurate.
            int run = Math.min(bound - i, SUM_RUN);
            s += expSumRun(x, xo + i, log ? null : y, yo + i, run, shift);
            i += run;
        }
        for (int j = i; j < n; j++) {
            float e = (float) Math.exp(x[xo + j] - m);
            if (!log) {
                y[yo + j] = e;
            }
            s += e;
        }
        if (log) {
            // (x - max) - log(sum), as PyTorch: folding max + log(sum) into one float first loses digits.
            float logSum = (float) Math.log(s);
            i = 0;
            FloatVector lse = FloatVector.broadcast(S, logSum);
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, xo + i).sub(shift).sub(lse).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = (x[xo + i] - m) - logSum;
            }
        } else {
            float inv = (float) (1.0 / s);
            FloatVector scale = FloatVector.broadcast(S, inv);
            i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, y, yo + i).mul(scale).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] *= inv;
            }
        }
    }
}
