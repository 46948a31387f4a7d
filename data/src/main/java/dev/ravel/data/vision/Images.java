package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.data.RandomContext;
import dev.ravel.tensor.Generator;
import java.util.Arrays;

/**
 * Checks and random draws shared by the transforms. Each draw is the one torchvision makes
 * (the same call on the same generator), taken from {@link RandomContext#generator()}.
 */
final class Images {
    private Images() {
    }

    /** Fails unless img has at least {@code minDim} dims ([..., H, W] or [..., C, H, W]). */
    static void check(String op, Tensor img, int minDim) {
        if (img.dim() < minDim) {
            throw new IllegalArgumentException(op + ": expected an image tensor of shape " + (minDim == 2 ? "[..., H, W]"
                    : "[..., C, H, W]") + ", got shape " + Arrays.toString(img.shape()));
        }
    }

    static void checkFloat(String op, Tensor img) {
        if (!img.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point image (apply ToTensor first), got "
                    + img.dtype().torchName());
        }
    }

    /** {@code torch.rand(1).item()}. */
    static double rand() {
        return RandomContext.generator().uniformFloat();
    }

    /** {@code float(torch.empty(1).uniform_(from, to))}: a float32 draw. */
    static double uniform(double from, double to) {
        float[] v = new float[1];
        RandomContext.generator().fillUniform(v, 0, 1, (float) from, (float) to);
        return v[0];
    }

    /** {@code torch.randint(low, high, (1,)).item()}. */
    static int randint(int low, int high) {
        long[] v = new long[1];
        RandomContext.generator().fillRandInt(v, 0, 1, low, high);
        return (int) v[0];
    }

    /** {@code torch.randperm(n)}. */
    static int[] randperm(int n) {
        Generator g = RandomContext.generator();
        long[] p = new long[n];
        g.fillPermutation(p, 0, n);
        return Arrays.stream(p).mapToInt(x -> (int) x).toArray();
    }
}
