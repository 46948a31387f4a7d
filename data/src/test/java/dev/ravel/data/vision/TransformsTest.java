package dev.ravel.data.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.data.RandomContext;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each transform against values computed by hand or from the same generator draws. */
class TransformsTest {
    /** values 1..c*h*w, FLOAT32 [c, h, w]. */
    private static Tensor ramp(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(NDArray.fromArray(v, c, h, w));
    }

    private static Tensor image(float[][] rows) {
        return Tensor.of(NDArray.of(new float[][][] {rows}));
    }

    private static <T> T seeded(long seed, Supplier<T> body) {
        return RandomContext.with(new Generator(seed), body);
    }

    private static void assertValues(float[][] expected, Tensor actual) {
        assertArrayEquals(new int[] {1, expected.length, expected[0].length}, actual.shape());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.select(0, 0).select(0, i).toFloatArray(), "row " + i);
        }
    }

    /** float32 uniform in [from, to), as the transforms draw it. */
    private static float uniform(Generator g, double from, double to) {
        float[] v = new float[1];
        g.fillUniform(v, 0, 1, (float) from, (float) to);
        return v[0];
    }

    private static int randint(Generator g, int low, int high) {
        long[] v = new long[1];
        g.fillRandInt(v, 0, 1, low, high);
        return (int) v[0];
    }

    // ---- ToTensor, Normalize, Compose ----

    @Test
    void toTensorDividesBy255() {
        float[] v = new float[256];
        for (int i = 0; i < 256; i++) {
            v[i] = i;
        }
        Tensor x = new ToTensor().apply(Tensor.of(NDArray.fromArray(v, 1, 16, 16)));
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(new int[] {1, 16, 16}, x.shape());
        float[] out = x.toFloatArray();
        for (int i = 0; i < 256; i++) {
            assertEquals(i / 255f, out[i], "value " + i);
        }
    }

    @Test
    void toTensorAddsTheChannelDimToAnHxWImage() {
        Tensor x = new ToTensor().apply(Tensor.of(NDArray.of(new float[][] {{0, 255}, {51, 102}})));
        assertArrayEquals(new int[] {1, 2, 2}, x.shape());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, x.toFloatArray());
    }

    @Test
    void normalizeIsPerChannel() {
        Tensor x = ramp(3, 2, 2).div(12.0);
        double[] mean = {0.5, 0.4, 0.3};
        double[] std = {0.2, 0.25, 0.5};
        float[] in = x.toFloatArray();
        float[] out = new Normalize(mean, std).apply(x).toFloatArray();
        for (int i = 0; i < in.length; i++) {
            int c = i / 4;
            assertEquals((in[i] - (float) mean[c]) / (float) std[c], out[i], "element " + i);
        }
    }

    @Test
    void normalizeWithOneValueAppliesToEveryChannel() {
        Tensor x = ramp(3, 1, 2);
        float[] out = new Normalize(0.1307, 0.3081).apply(x).toFloatArray();
        for (int i = 0; i < 6; i++) {
            assertEquals((i + 1 - 0.1307f) / 0.3081f, out[i], 1e-5);
        }
        assertArrayEquals(new int[] {2, 3, 1, 2}, new Normalize(0.5, 0.5).apply(ramp(6, 1, 2).reshape(2, 3, 1, 2)).shape());
    }

    @Test
    void normalizeErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0.5}, new double[] {0.5, 0.5}));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new Normalize(0.5, 0));
        assertTrue(zero.getMessage().contains("division by zero"), zero.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0, 0}, new double[] {1, 1}).apply(ramp(3, 2, 2)));
        assertTrue(channels.getMessage().contains("mean and std have 2 channels but the image [3, 2, 2] has 3"),
                channels.getMessage());
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(0, 1).apply(Tensor.of(NDArray.zeros(DType.INT64, 1, 2, 2))));
        assertTrue(integer.getMessage().contains("expected a floating point image"), integer.getMessage());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(0, 1).apply(Tensor.of(NDArray.zeros(2, 2))));
        assertTrue(flat.getMessage().contains("Normalize: expected an image tensor of shape [..., C, H, W], got shape [2, 2]"),
                flat.getMessage());
    }

    @Test
    void composeAppliesInOrder() {
        Transform t = new Compose(new ToTensor(), x -> x.mul(10.0), new Normalize(1, 2));
        float[] out = t.apply(Tensor.of(NDArray.fromArray(new float[] {0, 51, 255}, 1, 1, 3))).toFloatArray();
        assertArrayEquals(new float[] {-0.5f, 0.5f, 4.5f}, out, 1e-6f);
        assertTrue(t.toString().startsWith("Compose(\n    ToTensor()\n"), t.toString());
    }

    // ---- RandomHorizontalFlip ----

    @Test
    void horizontalFlipMirrorsColumnsOfEveryChannel() {
        Tensor x = ramp(2, 2, 3);
        Tensor f = new RandomHorizontalFlip(1).apply(x);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, f.toFloatArray());
        assertSame(x, new RandomHorizontalFlip(0).apply(x));
    }

    @Test
    void horizontalFlipDrawsOneUniformPerImage() {
        Tensor x = ramp(1, 2, 2);
        int flipped = 0;
        for (long seed = 0; seed < 20; seed++) {
            boolean expected = new Generator(seed).uniformFloat() < 0.5;
            Tensor out = seeded(seed, () -> new RandomHorizontalFlip().apply(x));
            assertArrayEquals(expected ? new float[] {2, 1, 4, 3} : new float[] {1, 2, 3, 4}, out.toFloatArray(), "seed " + seed);
            flipped += expected ? 1 : 0;
        }
        assertTrue(flipped > 0 && flipped < 20, "both outcomes occur");
        assertArrayEquals(new float[] {1, 2, 3, 4}, x.toFloatArray(), "input untouched");
    }

    // ---- RandomCrop ----

    @Test
    void cropWithPaddingTakesTheWindowAtTheDrawnPosition() {
        Tensor x = ramp(1, 4, 4);
        for (long seed = 0; seed < 10; seed++) {
            Generator g = new Generator(seed);
            int top = randint(g, 0, 3);
            int left = randint(g, 0, 3);
            float[][] expected = new float[4][4];
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    int sr = top + r - 1;   // position in the unpadded image
                    int sc = left + c - 1;
                    expected[r][c] = sr >= 0 && sr < 4 && sc >= 0 && sc < 4 ? sr * 4 + sc + 1 : 0;
                }
            }
            assertValues(expected, seeded(seed, () -> new RandomCrop(4, 1).apply(x)));
        }
    }

    @Test
    void cropAtSeedZeroByHand() {
        // mt19937 seeded with 0 starts 2357136044, 2546248239: randint(0, 3) gives top = 2357136044 % 3 = 2,
        // then left = 2546248239 % 3 = 0.
        Generator g = new Generator(0);
        assertEquals(2357136044L, g.random32());
        assertEquals(2546248239L, g.random32());
        assertValues(new float[][] {{0, 5, 6, 7}, {0, 9, 10, 11}, {0, 13, 14, 15}, {0, 0, 0, 0}},
                seeded(0, () -> new RandomCrop(4, 1).apply(ramp(1, 4, 4))));
    }

    @Test
    void cropAppliesTheSameWindowToEveryChannel() {
        Tensor x = ramp(3, 5, 5);
        Tensor out = seeded(3, () -> new RandomCrop(3, 0).apply(x));
        Generator g = new Generator(3);
        int top = randint(g, 0, 3);
        int left = randint(g, 0, 3);
        assertArrayEquals(new int[] {3, 3, 3}, out.shape());
        assertTrue(out.equal(x.narrow(1, top, 3).narrow(2, left, 3)));
    }

    @Test
    void cropOfTheWholeImageDrawsNothing() {
        Generator g = new Generator(5);
        Tensor x = ramp(1, 3, 3);
        Tensor out = RandomContext.with(g, () -> new RandomCrop(3).apply(x));
        assertTrue(out.equal(x));
        assertEquals(new Generator(5).random32(), g.random32(), "no draw was taken");
    }

    @Test
    void cropLargerThanTheImageIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(8, 1).apply(ramp(1, 4, 4)));
        assertTrue(e.getMessage().contains("required crop size (8, 8) is larger than input image size (6, 6)"), e.getMessage());
    }

    // ---- rotation ----

    private static float[][] rot90(float[][] in, int k) {
        float[][] out = in;
        for (int t = 0; t < ((k % 4) + 4) % 4; t++) {
            int n = out.length;
            float[][] r = new float[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    r[i][j] = out[j][n - 1 - i];   // counter-clockwise, as torch.rot90(x, 1)
                }
            }
            out = r;
        }
        return out;
    }

    private static float[][] rows(Tensor img) {
        int h = img.size(1);
        float[][] r = new float[h][];
        for (int i = 0; i < h; i++) {
            r[i] = img.select(0, 0).select(0, i).toFloatArray();
        }
        return r;
    }

    @Test
    void rotationByMultiplesOf90DegreesIsExact() {
        for (int n : new int[] {4, 5}) {
            Tensor x = ramp(1, n, n);
            for (int k = -1; k <= 4; k++) {
                assertValues(rot90(rows(x), k), Warp.rotate(x, 90.0 * k));
            }
        }
        // 180 degrees maps pixel centres onto pixel centres on any shape.
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, Warp.rotate(ramp(1, 2, 3), 180).toFloatArray());
    }

    @Test
    void rotationBySmallAnglesMatchesNearestNeighbour() {
        // Expected values from torchvision's formula (inverse affine matrix, grid_sample nearest, zero fill),
        // worked out independently of this code.
        Tensor x = ramp(1, 5, 5);
        assertValues(new float[][] {
            {0, 3, 4, 5, 0},
            {1, 7, 8, 9, 15},
            {6, 12, 13, 14, 20},
            {11, 17, 18, 19, 25},
            {0, 21, 22, 23, 0}}, Warp.rotate(x, 20));
        assertValues(new float[][] {
            {0, 6, 2, 3, 0},
            {11, 12, 7, 8, 4},
            {16, 17, 13, 9, 10},
            {22, 18, 19, 14, 15},
            {0, 23, 24, 20, 0}}, Warp.rotate(x, -35));
    }

    @Test
    void rotationKeepsDtypeAndRotatesEveryChannel() {
        Tensor x = ramp(2, 4, 4).to(DType.FLOAT64);
        Tensor r = Warp.rotate(x, 90);
        assertEquals(DType.FLOAT64, r.dtype());
        assertTrue(r.select(0, 1).equal(Warp.rotate(x.select(0, 1).unsqueeze(0), 90).select(0, 0)));
    }

    @Test
    void randomRotationUsesTheDrawnAngle() {
        Tensor x = ramp(1, 6, 6);
        for (long seed = 0; seed < 5; seed++) {
            double angle = uniform(new Generator(seed), -30, 30);
            assertTrue(seeded(seed, () -> new RandomRotation(30).apply(x)).equal(Warp.rotate(x, angle)), "seed " + seed);
        }
        assertTrue(new RandomRotation(0).apply(x).equal(x));
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(-1));
    }

    // ---- affine ----

    @Test
    void affineTranslationShiftsRightAndDown() {
        Tensor x = Tensor.of(NDArray.of(new float[][][] {{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}}));
        assertValues(new float[][] {{0, 0, 0, 0}, {0, 1, 2, 3}, {0, 5, 6, 7}}, Warp.affine(x, 0, 1, 1));
        assertValues(new float[][] {{7, 8, 0, 0}, {11, 12, 0, 0}, {0, 0, 0, 0}}, Warp.affine(x, 0, -2, -1));
    }

    @Test
    void affineRotatesClockwiseThenTranslates() {
        assertValues(new float[][] {
            {0, 16, 12, 13, 14},
            {21, 21, 17, 18, 19},
            {0, 0, 23, 24, 25},
            {0, 0, 0, 0, 25},
            {0, 0, 0, 0, 0}}, Warp.affine(ramp(1, 5, 5), 20, 1, -2));
        Tensor x = ramp(1, 5, 5);
        assertTrue(Warp.affine(x, 35, 0, 0).equal(Warp.rotate(x, -35)), "affine's angle is clockwise, rotate's counter-clockwise");
    }

    @Test
    void randomAffineDrawsAngleThenShifts() {
        Tensor x = ramp(1, 3, 4);
        int shifted = 0;
        for (long seed = 0; seed < 20; seed++) {
            Generator g = new Generator(seed);
            double angle = uniform(g, -0.0, 0.0);
            double tx = Math.rint(uniform(g, -1.0, 1.0));    // 0.25 * W
            double ty = Math.rint(uniform(g, -1.5, 1.5));    // 0.5 * H
            Tensor out = seeded(seed, () -> new RandomAffine(0, 0.25, 0.5).apply(x));
            assertTrue(out.equal(Warp.affine(x, angle, tx, ty)), "seed " + seed);
            shifted += tx != 0 || ty != 0 ? 1 : 0;
        }
        assertTrue(shifted > 0);
        Generator g = new Generator(11);
        double angle = uniform(g, -15, 15);
        Tensor y = ramp(1, 6, 6);
        Tensor rotated = seeded(11, () -> new RandomAffine(15, 0, 0).apply(y));
        assertTrue(rotated.equal(Warp.affine(y, angle, Math.rint(uniform(g, 0, 0)), 0)));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0, 1.5, 0));
    }

    // ---- ColorJitter ----

    private static int[] perm4(Generator g) {
        long[] p = new long[4];
        g.fillPermutation(p, 0, 4);
        return new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]};
    }

    private static float[] brightness(float[] x, double f) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.min(1, Math.max(0, (float) (x[i] * f)));
        }
        return out;
    }

    /** Contrast on one image [C, H, W] given as a flat array. */
    private static float[] contrast(float[] x, int c, double f) {
        int plane = x.length / c;
        double mean = 0;
        for (int k = 0; k < plane; k++) {
            mean += c == 3 ? 0.2989 * x[k] + 0.587 * x[plane + k] + 0.114 * x[2 * plane + k] : x[k];
        }
        mean /= plane;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.min(1, Math.max(0, f * x[i] + (1 - f) * mean));
        }
        return out;
    }

    @Test
    void colorJitterBrightnessScalesAndClamps() {
        Tensor x = ramp(1, 4, 4).div(16.0);
        for (long seed = 0; seed < 5; seed++) {
            Generator g = new Generator(seed);
            perm4(g);
            double f = uniform(g, 0.5, 1.5);
            assertArrayEquals(brightness(x.toFloatArray(), f),
                    seeded(seed, () -> new ColorJitter(0.5, 0).apply(x)).toFloatArray(), 1e-6f, "seed " + seed);
        }
        assertArrayEquals(new float[] {0, 0.5f, 1, 1}, ColorJitter.adjustBrightness(
                Tensor.of(NDArray.fromArray(new float[] {0, 0.25f, 0.5f, 0.75f}, 1, 2, 2)), 2).toFloatArray());
    }

    @Test
    void colorJitterContrastBlendsWithTheGrayMean() {
        // By hand: gray image [0, 0.2, 0.4, 0.6] has mean 0.3; factor 2 gives 2x - 0.3.
        Tensor gray = Tensor.of(NDArray.fromArray(new float[] {0, 0.2f, 0.4f, 0.6f}, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0.1f, 0.5f, 0.9f}, ColorJitter.adjustContrast(gray, 2).toFloatArray(), 1e-6f);
        // RGB: the mean is that of 0.2989 R + 0.587 G + 0.114 B.
        Tensor rgb = ramp(3, 2, 2).div(12.0);
        assertArrayEquals(contrast(rgb.toFloatArray(), 3, 0.5), ColorJitter.adjustContrast(rgb, 0.5).toFloatArray(), 1e-6f);
        for (long seed = 0; seed < 5; seed++) {
            Generator g = new Generator(seed);
            perm4(g);
            double f = uniform(g, 0.2, 1.8);
            assertArrayEquals(contrast(rgb.toFloatArray(), 3, f),
                    seeded(seed, () -> new ColorJitter(0, 0.8).apply(rgb)).toFloatArray(), 1e-6f, "seed " + seed);
        }
    }

    @Test
    void colorJitterAppliesBothInTheDrawnOrder() {
        Tensor x = ramp(3, 3, 3).div(27.0);
        boolean[] seen = new boolean[2];
        for (long seed = 0; seed < 12; seed++) {
            Generator g = new Generator(seed);
            int[] order = perm4(g);
            double b = uniform(g, 0, 2);
            double c = uniform(g, 0.6, 1.4);
            float[] expected = x.toFloatArray();
            for (int fn : order) {
                if (fn == 0) {
                    expected = brightness(expected, b);
                } else if (fn == 1) {
                    expected = contrast(expected, 3, c);
                }
            }
            int first = 0;
            for (int fn : order) {
                if (fn < 2) {
                    first = fn;
                    break;
                }
            }
            seen[first] = true;
            assertArrayEquals(expected, seeded(seed, () -> new ColorJitter(1, 0.4).apply(x)).toFloatArray(), 1e-6f,
                    "seed " + seed);
        }
        assertTrue(seen[0] && seen[1], "both orders occur");
    }

    @Test
    void colorJitterErrors() {
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-0.1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ColorJitter(0.2, 0.2).apply(ramp(2, 2, 2)));
        assertTrue(e.getMessage().contains("expected 1 or 3 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ColorJitter(0.2, 0.2).apply(Tensor.of(NDArray.zeros(DType.INT64, 1, 2, 2))));
    }

    // ---- reproducibility ----

    @Test
    void sameSeedSameOutputForEveryRandomTransform() {
        Tensor x = ramp(3, 8, 8).div(192.0);
        Transform[] all = {new RandomHorizontalFlip(), new RandomCrop(6, 2), new RandomRotation(40),
            new RandomAffine(20, 0.2, 0.2), new ColorJitter(0.5, 0.5),
            new Compose(new RandomCrop(8, 2), new RandomHorizontalFlip(), new RandomRotation(15), new ColorJitter(0.3, 0.3))};
        for (Transform t : all) {
            boolean differs = false;
            for (long seed = 0; seed < 6; seed++) {
                Tensor a = seeded(seed, () -> t.apply(x));
                Tensor b = seeded(seed, () -> t.apply(x));
                assertTrue(a.equal(b), t + " at seed " + seed);
                differs |= !a.equal(seeded(seed + 100, () -> t.apply(x)));
            }
            assertTrue(differs, t + " depends on the seed");
        }
        assertFalse(x.requiresGrad());
    }

    @Test
    void geometricTransformsRejectA1dTensor() {
        Tensor v = Tensor.of(NDArray.zeros(5));
        for (Transform t : new Transform[] {new RandomHorizontalFlip(), new RandomCrop(2), new RandomRotation(5),
            new RandomAffine(5, 0, 0), new ToTensor()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.apply(v));
            assertTrue(e.getMessage().contains("expected an image tensor of shape [..., H, W], got shape [5]"), e.getMessage());
        }
    }
}
