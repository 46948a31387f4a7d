package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.Ref;
import dev.ravel.tensor.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both float-kernel providers, directly, for every op they implement, at every size from 0 to 70
 * and around the vector widths and run lengths, at aligned and odd offsets, against a double
 * reference. Elements outside the written range must stay untouched.
 */
class FloatKernelsTest {
    private static final float GUARD = 12345.5f;
    private static final int PAD = 7;
    private static final int[] SIZES = IntStream.concat(IntStream.rangeClosed(0, 70),
            IntStream.of(127, 128, 129, 1000, 4097)).toArray();

    static Stream<Named<Supplier<FloatKernels>>> providers() {
        return Stream.of(Named.of("scalar", ScalarFloatKernels::new),
                Named.of("vector", FloatKernelsProvider::vectorOrNull));
    }

    private static FloatKernels obtain(Supplier<FloatKernels> s) {
        FloatKernels k = s.get();
        assumeTrue(k != null, "Vector API kernels unavailable: the JVM was started without"
                + " --add-modules jdk.incubator.vector");
        return k;
    }

    /** Ops that write floats (the BOOL-result predicates never reach the float kernels). */
    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        providers().forEach(p -> {
            for (UnaryOp op : UnaryOp.values()) {
                if (op.result() != UnaryOp.Result.BOOL) {
                    out.add(Arguments.of(p, op));
                }
            }
        });
        return out.stream();
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> out = new ArrayList<>();
        providers().forEach(p -> {
            for (BinaryOp op : BinaryOp.values()) {
                if (op.kind() == BinaryOp.Kind.ARITHMETIC || op.kind() == BinaryOp.Kind.TRUE_DIVISION) {
                    out.add(Arguments.of(p, op));
                }
            }
        });
        return out.stream();
    }

    /** Input range, parameters, reference and tolerance (relative, absolute) of one unary op. */
    private record Spec(double lo, double hi, float p0, float p1, java.util.function.DoubleUnaryOperator ref,
                        double rtol, double atol) {
    }

    private static final double T = 2e-6;

    private static Spec spec(UnaryOp op) {
        return switch (op) {
            case NEG -> new Spec(-10, 10, 0, 0, x -> -x, 0, 0);
            case ABS -> new Spec(-10, 10, 0, 0, Math::abs, 0, 0);
            case SIGN -> new Spec(-10, 10, 0, 0, Math::signum, 0, 0);
            case SQUARE -> new Spec(-10, 10, 0, 0, x -> x * x, 0, 0);
            case RELU -> new Spec(-10, 10, 0, 0, x -> Math.max(x, 0), 0, 0);
            case CLAMP -> new Spec(-10, 10, -1.5f, 2.5f, x -> Math.min(Math.max(x, -1.5), 2.5), 0, 0);
            case FLOOR -> new Spec(-10, 10, 0, 0, Math::floor, 0, 0);
            case CEIL -> new Spec(-10, 10, 0, 0, Math::ceil, 0, 0);
            case ROUND -> new Spec(-10, 10, 0, 0, Math::rint, 0, 0);
            case TRUNC -> new Spec(-10, 10, 0, 0, x -> x < 0 ? Math.ceil(x) : Math.floor(x), 0, 0);
            case EXP -> new Spec(-20, 20, 0, 0, Math::exp, T, 0);
            case LOG -> new Spec(0.001, 1000, 0, 0, Math::log, T, 1e-7);
            case LOG1P -> new Spec(-0.999, 10, 0, 0, Math::log1p, T, 0);
            case EXPM1 -> new Spec(-5, 5, 0, 0, Math::expm1, T, 0);
            case SQRT -> new Spec(0, 1000, 0, 0, Math::sqrt, 0, 0);
            case RSQRT -> new Spec(0.001, 1000, 0, 0, x -> 1 / Math.sqrt(x), 3e-7, 0);
            case RECIPROCAL -> new Spec(0.01, 100, 0, 0, x -> 1 / x, 0, 0);
            case SIN -> new Spec(-10, 10, 0, 0, Math::sin, T, 1e-7);
            case COS -> new Spec(-10, 10, 0, 0, Math::cos, T, 1e-7);
            case TANH -> new Spec(-10, 10, 0, 0, Math::tanh, T, 0);
            case SIGMOID -> new Spec(-30, 30, 0, 0, Ref::sigmoid, T, 0);
            case GELU -> new Spec(-6, 6, 0, 0, Ref::gelu, T, 1e-7);
            case GELU_TANH -> new Spec(-6, 6, 0, 0, Ref::geluTanh, T, 1e-6);
            case SILU -> new Spec(-30, 30, 0, 0, x -> x * Ref.sigmoid(x), T, 1e-7);
            case SOFTPLUS -> new Spec(-10, 10, 2, 5, x -> 2 * x > 5 ? x : Math.log1p(Math.exp(2 * x)) / 2, T, 0);
            case ERF -> new Spec(-4, 4, 0, 0, Ref::erf, T, 1e-7);
            case LEAKY_RELU -> new Spec(-10, 10, 0.125f, 0, x -> x > 0 ? x : 0.125 * x, 0, 0);
            case ELU -> new Spec(-10, 10, 1.5f, 0, x -> x > 0 ? x : 1.5 * Math.expm1(x), T, 0);
            default -> throw new AssertionError("no reference for " + op + ": add one to FloatKernelsTest");
        };
    }

    private static float[] padded(int n, long seed, double lo, double hi, int off) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[off + n + PAD];
        java.util.Arrays.fill(a, GUARD);
        for (int i = 0; i < n; i++) {
            a[off + i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    private static void checkGuards(float[] y, int yo, int n, String ctx) {
        for (int i = 0; i < y.length; i++) {
            if (i < yo || i >= yo + n) {
                int at = i;
                assertEquals(GUARD, y[i], () -> ctx + ": wrote outside its range at " + at);
            }
        }
    }

    private static void near(double expected, float got, double rtol, double atol, String ctx) {
        boolean ok;
        if (Double.isNaN(expected)) {
            ok = Float.isNaN(got);
        } else if (Double.isInfinite(expected)) {
            ok = got == expected;
        } else {
            double e = rtol == 0 && atol == 0 ? (float) expected : expected;
            ok = Math.abs(got - e) <= atol + rtol * Math.abs(e);
        }
        if (!ok) {
            fail(ctx + ": expected " + expected + " but was " + got + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unary(Supplier<FloatKernels> provider, UnaryOp op) {
        FloatKernels k = obtain(provider);
        Spec s = spec(op);
        for (int n : SIZES) {
            for (int[] off : new int[][] {{0, 0}, {3, 5}}) {
                float[] x = padded(n, n * 31L + op.ordinal(), s.lo, s.hi, off[0]);
                float[] y = padded(n, 0, 0, 0, off[1]);
                java.util.Arrays.fill(y, GUARD);
                k.unary(op, x, off[0], y, off[1], n, s.p0, s.p1);
                String ctx = k.name() + " " + op + " n=" + n + " offsets " + off[0] + "," + off[1];
                for (int i = 0; i < n; i++) {
                    near(s.ref.applyAsDouble(x[off[0] + i]), y[off[1] + i], s.rtol, s.atol, ctx + " element " + i);
                }
                checkGuards(y, off[1], n, ctx);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryInPlace(Supplier<FloatKernels> provider, UnaryOp op) {
        FloatKernels k = obtain(provider);
        Spec s = spec(op);
        for (int n : new int[] {17, 129}) {
            float[] x = padded(n, n + op.ordinal(), s.lo, s.hi, 2);
            float[] in = x.clone();
            k.unary(op, x, 2, x, 2, n, s.p0, s.p1);
            for (int i = 0; i < n; i++) {
                near(s.ref.applyAsDouble(in[2 + i]), x[2 + i], s.rtol, s.atol, k.name() + " in place " + op + " " + i);
            }
            checkGuards(x, 2, n, k.name() + " in place " + op);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void unarySpecialValuesInTheVectorBody(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        int n = 67;
        float[] x = new float[n];
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, -1f, 1f};
        for (int i = 0; i < n; i++) {
            x[i] = specials[i % specials.length];
        }
        float[] y = new float[n];
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.RELU, UnaryOp.CLAMP, UnaryOp.EXP,
                UnaryOp.SQRT, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.LEAKY_RELU, UnaryOp.SQUARE, UnaryOp.RECIPROCAL}) {
            Spec s = spec(op);
            k.unary(op, x, 0, y, 0, n, s.p0, s.p1);
            for (int i = 0; i < n; i++) {
                double e = s.ref.applyAsDouble(x[i]);
                if (op == UnaryOp.RELU && Float.isNaN(x[i])) {
                    e = Double.NaN;    // relu keeps NaN, as torch.relu does
                }
                near(e, y[i], s.rtol, s.atol, k.name() + " " + op + "(" + x[i] + ")");
            }
        }
    }

    private static double binaryRef(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case FLOOR_DIVIDE -> Ref.floorDiv(a, b);
            case REMAINDER -> Ref.remainder(a, b);
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case MASK_POSITIVE -> b > 0 ? a : 0;
            // the derivative written out for the exact form, a central difference for the tanh form
            case GELU_BACKWARD -> a * (0.5 * (1 + Ref.erf(b / Math.sqrt(2))) + b * Math.exp(-b * b / 2) / Math.sqrt(2 * Math.PI));
            case GELU_TANH_BACKWARD -> a * (Ref.geluTanh(b + 1e-6) - Ref.geluTanh(b - 1e-6)) / 2e-6;
            default -> throw new AssertionError("no reference for " + op);
        };
    }

    private static boolean isExact(BinaryOp op) {
        return op != BinaryOp.POW && !isGeluBackward(op);
    }

    private static boolean isGeluBackward(BinaryOp op) {
        return op == BinaryOp.GELU_BACKWARD || op == BinaryOp.GELU_TANH_BACKWARD;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binary(Supplier<FloatKernels> provider, BinaryOp op) {
        FloatKernels k = obtain(provider);
        boolean positive = op == BinaryOp.POW;
        for (int n : SIZES) {
            for (int[] off : new int[][] {{0, 0, 0}, {1, 4, 6}}) {
                float[] a = padded(n, n * 7L + op.ordinal(), positive ? 0.1 : -10, 10, off[0]);
                float[] b = padded(n, n * 13L + op.ordinal(), positive ? -3 : 0.5, 3, off[1]);
                if (!positive) {
                    // Divisors of both signs, never zero.
                    for (int i = 0; i < n; i += 2) {
                        b[off[1] + i] = -b[off[1] + i];
                    }
                }
                float[] y = new float[off[2] + n + PAD];
                java.util.Arrays.fill(y, GUARD);
                k.binary(op, a, off[0], b, off[1], y, off[2], n);
                String ctx = k.name() + " " + op + " n=" + n;
                for (int i = 0; i < n; i++) {
                    double e = binaryRef(op, a[off[0] + i], b[off[1] + i]);
                    near(e, y[off[2] + i], isExact(op) ? 0 : 2e-6, isGeluBackward(op) ? 2e-6 : 0, ctx + " element "
                            + i + " (" + a[off[0] + i]
                            + ", " + b[off[1] + i] + ")");
                }
                checkGuards(y, off[2], n, ctx);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryScalar(Supplier<FloatKernels> provider, BinaryOp op) {
        FloatKernels k = obtain(provider);
        float[] scalars = op == BinaryOp.POW ? new float[] {2f, 1f, 0.5f, 3f, -1f, 0f} : new float[] {2.5f, -0.75f, 3f};
        for (float b : scalars) {
            for (int n : SIZES) {
                float[] a = padded(n, n * 3L + op.ordinal(), op == BinaryOp.POW ? 0.1 : -10, 10, 2);
                float[] y = new float[n + 2 * PAD];
                java.util.Arrays.fill(y, GUARD);
                k.binaryScalar(op, a, 2, b, y, PAD, n);
                String ctx = k.name() + " " + op + " scalar " + b + " n=" + n;
                for (int i = 0; i < n; i++) {
                    double e = binaryRef(op, a[2 + i], b);
                    near(e, y[PAD + i], isExact(op) ? 0 : 2e-6, isGeluBackward(op) ? 2e-6 : 0, ctx + " element " + i);
                }
                checkGuards(y, PAD, n, ctx);
            }
        }
    }

    static Stream<Arguments> ternaryCases() {
        List<Arguments> out = new ArrayList<>();
        providers().forEach(p -> {
            for (dev.ravel.tensor.TernaryOp op : dev.ravel.tensor.TernaryOp.values()) {
                out.add(Arguments.of(p, op));
            }
        });
        return out.stream();
    }

    private static double ternaryRef(dev.ravel.tensor.TernaryOp op, double a, double b, double c, double beta,
                                     double alpha, double scale, double eps) {
        return switch (op) {
            case AXPBY -> beta * a + alpha * b;
            case ADDCMUL -> beta * a + alpha * b * c;
            case ADDCDIV -> beta * a + alpha * b / c;
            case ADDCDIV_SQRT -> beta * a + alpha * b / (scale * Math.sqrt(c) + eps);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ternaryCases")
    void ternary(Supplier<FloatKernels> provider, dev.ravel.tensor.TernaryOp op) {
        FloatKernels k = obtain(provider);
        float beta = 0.9f;
        float alpha = -0.25f;
        float scale = 0.5f;
        float eps = 1e-3f;
        for (int n : SIZES) {
            for (boolean inPlace : new boolean[] {false, true}) {
                float[] a = padded(n, n * 3L + op.ordinal(), -2, 2, 1);
                float[] b = padded(n, n * 5L + op.ordinal(), -2, 2, 2);
                float[] c = padded(n, n * 7L + op.ordinal(), 0.25, 4, 3);   // positive: divisor and sqrt argument
                float[] a0 = a.clone();
                float[] y = inPlace ? a : new float[n + 2 * PAD];
                int yo = inPlace ? 1 : PAD;
                if (!inPlace) {
                    java.util.Arrays.fill(y, GUARD);
                }
                k.ternary(op, a, 1, b, 2, c, 3, y, yo, n, beta, alpha, scale, eps);
                String ctx = k.name() + " " + op + (inPlace ? " in place" : "") + " n=" + n;
                for (int i = 0; i < n; i++) {
                    double e = ternaryRef(op, a0[1 + i], b[2 + i], c[3 + i], beta, alpha, scale, eps);
                    double mag = Math.abs(beta * a0[1 + i]) + Math.abs(e - beta * a0[1 + i]);
                    double got = y[yo + i];
                    if (Math.abs(got - e) > 4e-7 * mag + 1e-30) {
                        fail(ctx + " element " + i + ": expected " + e + " but was " + got);
                    }
                }
                if (!inPlace) {
                    checkGuards(y, yo, n, ctx);
                    assertTrue(java.util.Arrays.equals(a0, a), ctx + ": a is read-only when y is elsewhere");
                } else {
                    assertEquals(a0[0], a[0], ctx + ": before the range");
                    for (int i = 1 + n; i < a.length; i++) {
                        assertEquals(GUARD, a[i], ctx + ": after the range");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void binaryNanAndSignedZero(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        int n = 40;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 4 == 0 ? Float.NaN : i;
            b[i] = i % 4 == 1 ? Float.NaN : 20;
        }
        float[] y = new float[n];
        for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.ADD, BinaryOp.MUL}) {
            k.binary(op, a, 0, b, 0, y, 0, n);
            for (int i = 0; i < n; i++) {
                near(binaryRef(op, a[i], b[i]), y[i], 0, 0, k.name() + " " + op + " NaN propagation at " + i);
            }
            k.binaryScalar(op, a, 0, Float.NaN, y, 0, n);
            for (int i = 0; i < n; i++) {
                assertTrue(Float.isNaN(y[i]), k.name() + " " + op + " with a NaN scalar at " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sumAndDot(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        for (int n : SIZES) {
            float[] x = padded(n, n, -1, 1, 3);
            float[] w = padded(n, n + 1000, -2, 2, 5);
            double ref = 0;
            double abs = 0;
            double dref = 0;
            double dabs = 0;
            for (int i = 0; i < n; i++) {
                ref += x[3 + i];
                abs += Math.abs(x[3 + i]);
                dref += (double) x[3 + i] * w[5 + i];
                dabs += Math.abs((double) x[3 + i] * w[5 + i]);
            }
            double s = k.sum(x, 3, n);
            assertTrue(Math.abs(s - ref) <= 1e-6 * abs, k.name() + " sum n=" + n + ": " + s + " vs " + ref);
            double d = k.dot(x, 3, w, 5, n);
            assertTrue(Math.abs(d - dref) <= 1e-6 * dabs, k.name() + " dot n=" + n + ": " + d + " vs " + dref);
        }
        assertEquals(0.0, k.sum(new float[0], 0, 0));
        assertEquals(0.0, k.dot(new float[0], 0, new float[0], 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void rowSumsAreSumPerRow(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        // row lengths below a vector, between, at and beyond a run (1024), rows apart by more than their length
        for (int n : new int[] {0, 1, 3, 15, 16, 17, 64, 100, 1023, 1024, 1025, 2500}) {
            int rows = 5;
            int stride = n + 7;
            float[] x = padded(rows * stride, rows * stride, -1, 1, 2);
            float[] y = new float[rows + 3];
            java.util.Arrays.fill(y, -9f);
            k.rowSums(x, 2, stride, n, rows, y, 1);
            assertEquals(-9f, y[0], 0f, k.name() + " n=" + n + ": wrote before the first row's sum");
            for (int r = 0; r < rows; r++) {
                assertEquals((float) k.sum(x, 2 + r * stride, n), y[1 + r], 0f, k.name() + " n=" + n + " row " + r);
            }
            assertEquals(-9f, y[rows + 1], 0f, k.name() + " n=" + n + ": wrote past the last row's sum");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sumOfManyLargeValuesKeepsPrecision(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        // 1 + 2^-24 sums to exactly 1 in a naive float loop after 2^24; runs in double keep it.
        int n = 1 << 20;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        assertEquals(n, k.sum(x, 0, n), 0.0, k.name());
        // Equal values: the worst case for a float accumulator (off by ~1e-5 after 1024 of them).
        java.util.Arrays.fill(x, 0.1f);
        double exact = 0.1f * (double) n;
        assertEquals(exact, k.sum(x, 0, n), 1e-6 * exact, k.name() + " sum");
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        assertEquals(exact, k.dot(x, 0, ones, 0, n), 1e-6 * exact, k.name() + " dot");
    }

    /**
     * GELU where the vector kernel takes its polynomial (every lane in [-2, 2]), on the border of
     * that range, and in vectors that mix such lanes with larger ones or NaN.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void geluOnAndAroundItsPolynomialRange(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        int n = 4099;
        float[] inside = padded(n, 91, -2, 2, 0);
        inside[0] = 2f;
        inside[1] = -2f;
        inside[2] = Math.nextDown(2f);
        inside[3] = -0f;
        inside[4] = 1e-30f;
        float[] mixed = padded(n, 92, -2, 2, 0);
        for (int i = 5; i < n; i += 37) {
            mixed[i] = i % 2 == 0 ? Math.nextUp(2f) : -3.5f;
        }
        mixed[n / 2] = Float.NaN;
        for (float[] x : new float[][] {inside, mixed}) {
            float[] y = new float[n + PAD];
            java.util.Arrays.fill(y, GUARD);
            k.unary(UnaryOp.GELU, x, 0, y, 0, n, 0, 0);
            for (int i = 0; i < n; i++) {
                // 3e-6: at x = -2 the polynomial's 1/2 - |x| q rounds like PyTorch's float 1 + erf(x / sqrt 2)
                near(Ref.gelu(x[i]), y[i], 3e-6, 1e-37, k.name() + " gelu(" + x[i] + ") element " + i);
            }
            checkGuards(y, 0, n, k.name() + " gelu");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void softmaxOfALongRowKeepsRelativeAccuracy(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        int n = 100_003;   // a vocabulary-sized row
        float[] x = padded(n, 77, -3, 3, 0);
        float[] y = new float[n + PAD];
        k.softmax(x, 0, y, 0, n, false);
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[i] - m);
        }
        for (int i = 0; i < n; i += 997) {
            near(Math.exp(x[i] - m) / s, y[i], T, 0, k.name() + " long softmax element " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void maxAndMinWithNanAnywhere(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        for (int n : SIZES) {
            if (n == 0) {
                continue;
            }
            float[] x = padded(n, n * 5L, -100, 100, 2);
            float mx = Float.NEGATIVE_INFINITY;
            float mn = Float.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                mx = Math.max(mx, x[2 + i]);
                mn = Math.min(mn, x[2 + i]);
            }
            assertEquals(mx, k.max(x, 2, n), k.name() + " max n=" + n);
            assertEquals(mn, k.min(x, 2, n), k.name() + " min n=" + n);
            for (int at : new int[] {0, n / 2, n - 1}) {
                float[] c = x.clone();
                c[2 + at] = Float.NaN;
                assertTrue(Float.isNaN(k.max(c, 2, n)), k.name() + " max with NaN at " + at + " of " + n);
                assertTrue(Float.isNaN(k.min(c, 2, n)), k.name() + " min with NaN at " + at + " of " + n);
            }
        }
        float[] inf = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertEquals(Float.NEGATIVE_INFINITY, k.max(inf, 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void axpy(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        for (int n : SIZES) {
            float[] x = padded(n, n, -3, 3, 1);
            float[] y = padded(n, n + 99, -3, 3, 4);
            float[] y0 = y.clone();
            float alpha = -1.75f;
            k.axpy(alpha, x, 1, y, 4, n);
            for (int i = 0; i < n; i++) {
                double e = y0[4 + i] + (double) alpha * x[1 + i];
                double tol = 2.5e-7 * (Math.abs(y0[4 + i]) + Math.abs(alpha * x[1 + i]));
                assertTrue(Math.abs(y[4 + i] - e) <= tol, k.name() + " axpy n=" + n + " element " + i);
            }
            checkGuards(y, 4, n, k.name() + " axpy");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void softmaxAndLogSoftmax(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        for (int n : SIZES) {
            for (boolean log : new boolean[] {false, true}) {
                float[] x = padded(n, n * 17L, -20, 20, 3);
                if (n > 4) {
                    x[3 + n / 3] = Float.NEGATIVE_INFINITY;   // a masked position
                }
                float[] y = new float[n + 2 * PAD];
                java.util.Arrays.fill(y, GUARD);
                k.softmax(x, 3, y, PAD, n, log);
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    m = Math.max(m, x[3 + i]);
                }
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.exp(x[3 + i] - m);
                }
                String ctx = k.name() + (log ? " log_softmax" : " softmax") + " n=" + n;
                double total = 0;
                for (int i = 0; i < n; i++) {
                    double e = log ? x[3 + i] - m - Math.log(s) : Math.exp(x[3 + i] - m) / s;
                    near(e, y[PAD + i], T, log ? 2e-6 * Math.max(1, Math.abs(e)) : 1e-9, ctx + " element " + i);
                    total += log ? Math.exp(y[PAD + i]) : y[PAD + i];
                }
                if (n > 0) {
                    assertEquals(1.0, total, 1e-5, ctx + " sums to one");
                }
                checkGuards(y, PAD, n, ctx);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void softmaxOfLargeLogitsDoesNotOverflow(Supplier<FloatKernels> provider) {
        FloatKernels k = obtain(provider);
        float[] x = new float[33];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000f + i;
        }
        float[] y = new float[33];
        k.softmax(x, 0, y, 0, 33, false);
        double s = 0;
        for (int i = 0; i < 33; i++) {
            s += Math.exp(i - 32.0);
        }
        near(1 / s, y[32], T, 0, k.name() + " largest");
        k.softmax(x, 0, y, 0, 33, true);
        near(-Math.log(s), y[32], T, 1e-6, k.name() + " log largest");
    }
}
