package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Mersenne Twister, reproducibility by seed and by saved state, and the shape of each distribution. */
class GeneratorTest {

    @Test
    void isTheStandardMersenneTwister() {
        // std::mt19937 with its default seed: first output, and the 10000th that the C++ standard pins.
        Generator g = new Generator(5489);
        assertEquals(3499211612L, g.random32());
        for (int i = 2; i < 10_000; i++) {
            g.random32();
        }
        assertEquals(4123659995L, g.random32());
        Generator zero = new Generator(0);
        assertEquals(2357136044L, zero.random32());
        assertEquals(2546248239L, zero.random32());
        assertEquals(3071714933L, zero.random32());
        Generator z2 = new Generator(0);
        assertEquals((2357136044L << 32) | 2546248239L, z2.random64());
    }

    @Test
    void sameSeedSameNumbers() {
        int[] shape = {7, 13};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertArrayEquals(Check.values(NDArray.rand(shape, t, new Generator(42))),
                    Check.values(NDArray.rand(shape, t, new Generator(42))));
            assertArrayEquals(Check.values(NDArray.randn(shape, t, new Generator(42))),
                    Check.values(NDArray.randn(shape, t, new Generator(42))));
            assertFalse(java.util.Arrays.equals(Check.values(NDArray.rand(shape, t, new Generator(42))),
                    Check.values(NDArray.rand(shape, t, new Generator(43)))));
        }
        assertArrayEquals(Check.longs(NDArray.randint(-5, 5, new int[] {100}, DType.INT64, new Generator(1))),
                Check.longs(NDArray.randint(-5, 5, new int[] {100}, DType.INT64, new Generator(1))));
        assertArrayEquals(Check.longs(NDArray.randperm(50, new Generator(9))),
                Check.longs(NDArray.randperm(50, new Generator(9))));
        // The default generator through manualSeed.
        Generator.defaultGenerator().manualSeed(123);
        double[] a = Check.values(NDArray.rand(5));
        double[] b = Check.values(NDArray.randn(20));
        Generator.defaultGenerator().manualSeed(123);
        assertArrayEquals(a, Check.values(NDArray.rand(5)));
        assertArrayEquals(b, Check.values(NDArray.randn(20)));
        assertEquals(123, Generator.defaultGenerator().initialSeed());
    }

    @Test
    void savedStateRestoresTheStream() {
        Generator g = new Generator(2024);
        NDArray.rand(new int[] {37}, DType.FLOAT32, g);
        g.normalDouble();   // leaves a cached second normal in the state
        byte[] state = g.getState();
        double[] first = Check.values(NDArray.randn(new int[] {5}, DType.FLOAT64, g));
        double[] firstBig = Check.values(NDArray.randn(new int[] {33}, DType.FLOAT32, g));
        long[] firstInts = Check.longs(NDArray.randint(0, 1L << 40, new int[] {9}, DType.INT64, g));
        double cached = g.normalDouble();
        g.setState(state);
        assertArrayEquals(first, Check.values(NDArray.randn(new int[] {5}, DType.FLOAT64, g)));
        assertArrayEquals(firstBig, Check.values(NDArray.randn(new int[] {33}, DType.FLOAT32, g)));
        assertArrayEquals(firstInts, Check.longs(NDArray.randint(0, 1L << 40, new int[] {9}, DType.INT64, g)));
        assertEquals(cached, g.normalDouble());
        // A state moves between generators, and keeps the seed it came from.
        Generator other = new Generator(7);
        other.setState(state);
        assertEquals(2024, other.initialSeed());
        assertArrayEquals(first, Check.values(NDArray.randn(new int[] {5}, DType.FLOAT64, other)));
        // getState copies: drawing after it does not change the saved bytes.
        byte[] again = g.getState();
        g.random32();
        assertFalse(java.util.Arrays.equals(again, g.getState()));
    }

    @Test
    void manualSeedResetsAndSeedPicksANewOne() {
        Generator g = new Generator(5);
        long a = g.random32();
        g.random32();
        g.manualSeed(5);
        assertEquals(a, g.random32());
        long s = g.seed();
        assertEquals(s, g.initialSeed());
        assertTrue(s >= 0);
        long b = g.random32();
        g.manualSeed(s);
        assertEquals(b, g.random32());
    }

    @Test
    void uniformStaysInItsRange() {
        Generator g = new Generator(3);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] v = Check.values(NDArray.empty(new int[] {20_000}, t, Device.CPU).uniform_(-2, 3, g));
            double sum = 0;
            for (double x : v) {
                assertTrue(x >= -2 && x < 3, t + " " + x);
                sum += x;
            }
            assertEquals(0.5, sum / v.length, 0.05, t + " mean");
            double[] u = Check.values(NDArray.rand(new int[] {10_000}, t, g));
            for (double x : u) {
                assertTrue(x >= 0 && x < 1);
            }
        }
        double[] same = Check.values(NDArray.zeros(4).uniform_(1, 1, g));
        assertArrayEquals(new double[] {1, 1, 1, 1}, same);
    }

    @Test
    void normalHasTheRightMoments() {
        Generator g = new Generator(11);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {15, 16, 17, 100_003}) {
                double[] v = Check.values(NDArray.empty(new int[] {n}, t, Device.CPU).normal_(3, 2, g));
                for (double x : v) {
                    assertTrue(Double.isFinite(x), t + " n=" + n);
                }
                if (n > 1000) {
                    double mean = 0;
                    for (double x : v) {
                        mean += x;
                    }
                    mean /= n;
                    double var = 0;
                    for (double x : v) {
                        var += (x - mean) * (x - mean);
                    }
                    var /= n - 1;
                    assertEquals(3, mean, 0.03, t + " mean");
                    assertEquals(2, Math.sqrt(var), 0.03, t + " std");
                }
            }
        }
        assertArrayEquals(new double[] {5, 5}, Check.values(NDArray.zeros(2).normal_(5, 0, g)));
    }

    @Test
    void randintAndRandomFill() {
        Generator g = new Generator(8);
        long[] v = Check.longs(NDArray.randint(-3, 4, new int[] {5000}, DType.INT64, g));
        boolean[] seen = new boolean[7];
        for (long x : v) {
            assertTrue(x >= -3 && x < 4, "value " + x);
            seen[(int) (x + 3)] = true;
        }
        for (boolean s : seen) {
            assertTrue(s, "every value in range appears");
        }
        long lo = -(1L << 40);
        long hi = 1L << 41;
        for (long x : Check.longs(NDArray.randint(lo, hi, new int[] {1000}, DType.INT64, g))) {
            assertTrue(x >= lo && x < hi, "wide range value " + x);
        }
        double[] f = Check.values(NDArray.randint(0, 3, new int[] {100}, DType.FLOAT32, g));
        for (double x : f) {
            assertTrue(x == 0 || x == 1 || x == 2);
        }
        // Into a non-contiguous view.
        NDArray base = NDArray.zeros(DType.INT64, 3, 4);
        base.t().random_(10, 12, g);
        for (long x : Check.longs(base)) {
            assertTrue(x == 10 || x == 11);
        }
    }

    @Test
    void randpermIsAPermutation() {
        Generator g = new Generator(21);
        for (int n : new int[] {0, 1, 2, 17, 1000}) {
            long[] p = Check.longs(NDArray.randperm(n, g));
            assertEquals(n, p.length);
            long[] sorted = p.clone();
            java.util.Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i]);
            }
        }
        assertNotEquals(java.util.Arrays.toString(Check.longs(NDArray.randperm(20, new Generator(1)))),
                java.util.Arrays.toString(Check.longs(NDArray.randperm(20, new Generator(2)))));
    }

    @Test
    void bernoulli() {
        Generator g = new Generator(4);
        double[] zeros = Check.values(NDArray.zeros(1000).bernoulli_(0, g));
        double[] ones = Check.values(NDArray.zeros(1000).bernoulli_(1, g));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, zeros[i]);
            assertEquals(1, ones[i]);
        }
        double[] p = Check.values(NDArray.zeros(DType.FLOAT64, 50_000).bernoulli_(0.3, g));
        double mean = 0;
        for (double x : p) {
            assertTrue(x == 0 || x == 1);
            mean += x;
        }
        assertEquals(0.3, mean / p.length, 0.01);
        NDArray probs = NDArray.of(0f, 1f, 0f, 1f);
        NDArray draw = probs.bernoulli(g);
        assertEquals(DType.FLOAT32, draw.dtype());
        assertArrayEquals(new double[] {0, 1, 0, 1}, Check.values(draw));
        for (DType t : new DType[] {DType.INT64, DType.BOOL}) {
            double[] b = Check.values(NDArray.zeros(t, 200).bernoulli_(0.5, g));
            for (double x : b) {
                assertTrue(x == 0 || x == 1, t.toString());
            }
        }
    }

    @Test
    void likeFactoriesKeepShapeAndDtype() {
        NDArray x = NDArray.zeros(DType.FLOAT64, 3, 2);
        assertEquals(DType.FLOAT64, NDArray.randLike(x).dtype());
        assertArrayEquals(new int[] {3, 2}, NDArray.randnLike(x).shape());
    }
}
