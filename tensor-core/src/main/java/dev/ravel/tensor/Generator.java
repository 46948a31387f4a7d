package dev.ravel.tensor;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * A seedable random number generator that draws the same numbers as PyTorch's CPU generator: the
 * same 32-bit Mersenne Twister (mt19937) and the same ways of turning its words into uniform,
 * normal and integer samples. So after {@code manualSeed(s)}, {@code NDArray.rand}, {@code randn}
 * and {@code randint} give what {@code torch.manual_seed(s)} then {@code torch.rand} ... give on
 * the CPU (normals up to the last bit of PyTorch's vectorised log/sin/cos).
 *
 * <p>Methods are synchronized: one generator may be shared by threads, and each draw sequence
 * (one tensor) is taken under the lock so it stays reproducible.
 */
public final class Generator {
    /** PyTorch's default seed, so an unseeded Ravel draws like an unseeded torch. */
    public static final long DEFAULT_SEED = 67280421310721L;

    private static final int N = 624;
    private static final int M = 397;
    private static final int STATE_BYTES = N * 4 + 4 + 4 + 8 + 8;
    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    private final int[] state = new int[N];
    /** The tempered outputs of the current state, made a block at a time (a loop the JIT vectorises). */
    private final int[] tempered = new int[N];
    private int left;
    private int next;
    private long seed;
    /** Box-Muller gives two normals; the second is kept for the next single draw, as in PyTorch. */
    private double cachedNormalDouble = Double.NaN;

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator behind {@code Ravel.manualSeed} and every op not given one. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    public synchronized Generator manualSeed(long newSeed) {
        seed = newSeed;
        state[0] = (int) newSeed;
        for (int j = 1; j < N; j++) {
            state[j] = 1812433253 * (state[j - 1] ^ (state[j - 1] >>> 30)) + j;
        }
        left = 1;
        next = 0;
        cachedNormalDouble = Double.NaN;
        return this;
    }

    /** Reseeds from a non-deterministic source and returns the new seed. */
    public synchronized long seed() {
        long s = new SecureRandom().nextLong() & 0x7fffffffffffffffL;
        manualSeed(s);
        return s;
    }

    public synchronized long initialSeed() {
        return seed;
    }

    /** The next 32 random bits, as an unsigned value in a long. */
    public synchronized long random32() {
        return next32();
    }

    // The draws below are unsynchronized; public methods take the lock once and call them.
    private long next32() {
        if (--left == 0) {
            nextState();
        }
        return tempered[next++] & 0xffffffffL;
    }

    /** 64 random bits from two words, the first one high, as PyTorch's random64. */
    public synchronized long random64() {
        return next64();
    }

    private long next64() {
        long hi = next32();
        long lo = next32();
        return (hi << 32) | lo;
    }

    private void nextState() {
        left = N;
        next = 0;
        int i = 0;
        for (; i < N - M; i++) {
            state[i] = state[i + M] ^ twist(state[i], state[i + 1]);
        }
        for (; i < N - 1; i++) {
            state[i] = state[i + M - N] ^ twist(state[i], state[i + 1]);
        }
        state[N - 1] = state[M - 1] ^ twist(state[N - 1], state[0]);
        temperAll();
    }

    private void temperAll() {
        for (int j = 0; j < N; j++) {
            int y = state[j];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >>> 18;
            tempered[j] = y;
        }
    }

    private static int twist(int u, int v) {
        int mix = (u & 0x80000000) | (v & 0x7fffffff);
        return (mix >>> 1) ^ (-(v & 1) & 0x9908b0df);
    }

    /** A float in [0, 1) from 24 random bits. */
    public synchronized float uniformFloat() {
        return nextFloat01();
    }

    private float nextFloat01() {
        return (next32() & 0xffffff) * 0x1.0p-24f;
    }

    /** A double in [0, 1) from 53 random bits. */
    public synchronized double uniformDouble() {
        return nextDouble01();
    }

    private double nextDouble01() {
        return (next64() & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    /** One standard normal in double, Box-Muller with the second value cached. */
    public synchronized double normalDouble() {
        return nextNormal();
    }

    private double nextNormal() {
        if (!Double.isNaN(cachedNormalDouble)) {
            double r = cachedNormalDouble;
            cachedNormalDouble = Double.NaN;
            return r;
        }
        double u1 = nextDouble01();
        double u2 = nextDouble01();
        double radius = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormalDouble = radius * Math.sin(theta);
        return radius * Math.cos(theta);
    }

    // ---- bulk fills: one lock for a whole tensor, in PyTorch's element order ----

    public synchronized void fillUniform(float[] out, int off, int n, float from, float to) {
        float span = to - from;
        for (int i = 0; i < n; i++) {
            // PyTorch's float kernel (AVX2 build, GCC) computes x * span + from as one fused multiply-add.
            out[off + i] = Math.fma(nextFloat01(), span, from);
        }
    }

    public synchronized void fillUniform(double[] out, int off, int n, double from, double to) {
        double span = to - from;
        for (int i = 0; i < n; i++) {
            out[off + i] = nextDouble01() * span + from;
        }
    }

    /**
     * Standard normals scaled to mean/std, in PyTorch's layout for contiguous tensors of 16 or more:
     * uniforms for all elements first, then Box-Muller on blocks of 16 (pairs i, i+8); a ragged tail
     * redraws the last 16. Smaller tensors draw one double normal per element.
     */
    public synchronized void fillNormal(float[] out, int off, int n, float mean, float std) {
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                out[off + i] = (float) (nextNormal() * std + mean);
            }
            return;
        }
        fillUniform(out, off, n, 0f, 1f);
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller16(out, off + i, mean, std);
        }
        if (n % 16 != 0) {
            int tail = off + n - 16;
            fillUniform(out, tail, 16, 0f, 1f);
            boxMuller16(out, tail, mean, std);
        }
    }

    public synchronized void fillNormal(double[] out, int off, int n, double mean, double std) {
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                out[off + i] = nextNormal() * std + mean;
            }
            return;
        }
        fillUniform(out, off, n, 0.0, 1.0);
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller16(out, off + i, mean, std);
        }
        if (n % 16 != 0) {
            int tail = off + n - 16;
            fillUniform(out, tail, 16, 0.0, 1.0);
            boxMuller16(out, tail, mean, std);
        }
    }

    private static final float TWO_PI_F = (float) (2.0 * Math.PI);

    /** PyTorch's normal_fill_16_AVX2, with its own log and sincos (see {@link AvxMathfun}). */
    private static void boxMuller16(float[] d, int o, float mean, float std) {
        float[] sincos = new float[2];
        for (int j = 0; j < 8; j++) {
            float u1 = 1f - d[o + j];
            float u2 = d[o + j + 8];
            float radius = (float) Math.sqrt(-2f * AvxMathfun.log(u1));
            float theta = TWO_PI_F * u2;
            AvxMathfun.sincos(theta, sincos);
            float n1 = radius * sincos[1];
            float n2 = radius * sincos[0];
            d[o + j] = Math.fma(n1, std, mean);
            d[o + j + 8] = Math.fma(n2, std, mean);
        }
    }

    private static void boxMuller16(double[] d, int o, double mean, double std) {
        for (int j = 0; j < 8; j++) {
            double u1 = 1 - d[o + j];
            double u2 = d[o + j + 8];
            double radius = Math.sqrt(-2 * Math.log(u1));
            double theta = 2.0 * Math.PI * u2;
            d[o + j] = radius * Math.cos(theta) * std + mean;
            d[o + j + 8] = radius * Math.sin(theta) * std + mean;
        }
    }

    /** Integers uniform in [low, high): 32 random bits modulo the range (64 bits for ranges of 2^32 or more). */
    public synchronized void fillRandInt(long[] out, int off, int n, long low, long high) {
        long range = high - low;
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        for (int i = 0; i < n; i++) {
            long r = wide ? next64() : next32();
            out[off + i] = Long.remainderUnsigned(r, range) + low;
        }
    }

    /**
     * Ones with probability p, drawn from a double uniform per element, as PyTorch's bernoulli_(p).
     * The uniform is k / 2^53 for 53 random bits k, so {@code u < p} is {@code k < ceil(p 2^53)}: an
     * integer comparison whose sign bit is the sample, with no branch to mispredict.
     */
    public synchronized void fillBernoulli(float[] out, int off, int n, double p) {
        long threshold = bernoulliThreshold(p);
        int i = 0;
        while (i < n) {
            int pairs = Math.min(n - i, (left - 1) / 2);
            if (pairs == 0) {
                out[off + i++] = (float) (((next64() & MASK_53) - threshold) >>> 63);
                continue;
            }
            // whole pairs of words left in this block, read straight from the tempered buffer
            for (int j = 0, w = next; j < pairs; j++, w += 2) {
                long k = (((long) tempered[w] << 32) | (tempered[w + 1] & 0xffffffffL)) & MASK_53;
                out[off + i + j] = (float) ((k - threshold) >>> 63);
            }
            next += 2 * pairs;
            left -= 2 * pairs;
            i += pairs;
        }
    }

    public synchronized void fillBernoulli(double[] out, int off, int n, double p) {
        long threshold = bernoulliThreshold(p);
        for (int i = 0; i < n; i++) {
            out[off + i] = (double) (((next64() & MASK_53) - threshold) >>> 63);
        }
    }

    private static final long MASK_53 = (1L << 53) - 1;

    private static long bernoulliThreshold(double p) {
        return (long) Math.ceil(Math.min(Math.max(p, 0), 1) * 0x1.0p53);
    }

    /** A random permutation of 0..n-1 by PyTorch's CPU Fisher-Yates (swap i with i + r % (n - i)). */
    public synchronized void fillPermutation(long[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (next32() % (n - i));
            long t = out[off + i];
            out[off + i] = out[off + z + i];
            out[off + z + i] = t;
        }
    }

    /** The full state, for checkpoints: restore with {@link #setState}. */
    public synchronized byte[] getState() {
        ByteBuffer b = ByteBuffer.allocate(STATE_BYTES);
        for (int s : state) {
            b.putInt(s);
        }
        b.putInt(left).putInt(next).putLong(seed).putDouble(cachedNormalDouble);
        return b.array();
    }

    public synchronized void setState(byte[] bytes) {
        if (bytes.length != STATE_BYTES) {
            throw new IllegalArgumentException("Generator.setState: expected " + STATE_BYTES + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i < N; i++) {
            state[i] = b.getInt();
        }
        left = b.getInt();
        next = b.getInt();
        seed = b.getLong();
        cachedNormalDouble = b.getDouble();
        temperAll();
    }
}
