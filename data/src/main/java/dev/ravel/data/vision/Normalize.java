package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/**
 * Per-channel {@code (x - mean[c]) / std[c]}, like {@code torchvision.transforms.Normalize}: on a
 * floating point image {@code [..., C, H, W]}, with mean and std cast to the image's dtype. One
 * value (or arrays of length 1) applies to every channel.
 *
 * <pre>{@code
 * Transform t = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));              // MNIST
 * Transform c = new Normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}); // RGB to [-1, 1]
 * }</pre>
 */
public final class Normalize implements Transform {
    private final double[] mean;
    private final double[] std;
    private final Tensor meanT;
    private final Tensor stdT;

    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std need the same, non-zero, number of channels,"
                    + " got mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std));
        }
        for (double s : std) {
            if ((float) s == 0) {
                throw new IllegalArgumentException("Normalize: std evaluated to zero after conversion to float32, leading"
                        + " to division by zero (std " + Arrays.toString(std) + ")");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        // float32 [C, 1, 1] as torchvision builds them, so that they broadcast over H and W.
        this.meanT = channels(this.mean);
        this.stdT = channels(this.std);
    }

    public Normalize(double mean, double std) {
        this(new double[] {mean}, new double[] {std});
    }

    private static Tensor channels(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(NDArray.fromArray(f, v.length, 1, 1));
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("Normalize", img, 3);
        Images.checkFloat("Normalize", img);
        int c = img.size(-3);
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize: mean and std have " + mean.length + " channels but the image "
                    + Arrays.toString(img.shape()) + " has " + c);
        }
        Tensor m = meanT.to(img.dtype()).to(img.device());
        Tensor s = stdT.to(img.dtype()).to(img.device());
        return img.sub(m).div(s);
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
