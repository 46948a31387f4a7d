package dev.ravel.data.vision;

import dev.ravel.Tensor;
import java.util.Arrays;

/**
 * Random brightness and contrast, like {@code torchvision.transforms.ColorJitter(brightness,
 * contrast)} on a float image {@code [..., C, H, W]} with values in [0, 1] and C = 1 or 3: each
 * factor is uniform in {@code [max(0, 1 - b), 1 + b]} (a 0 argument leaves that adjustment out),
 * the two adjustments run in a random order, and each result is clamped to [0, 1]. Brightness
 * scales the image; contrast blends it with the mean of its grayscale version
 * ({@code 0.2989 R + 0.587 G + 0.114 B} for 3 channels). The draws come in torchvision's order: a
 * permutation of its four adjustments, then the brightness factor, then the contrast factor.
 *
 * <pre>{@code
 * Transform t = new Compose(new ToTensor(), new ColorJitter(0.4, 0.4));
 * }</pre>
 */
public final class ColorJitter implements Transform {
    private final double brightness;
    private final double contrast;

    public ColorJitter(double brightness, double contrast) {
        if (!(brightness >= 0) || !(contrast >= 0) || Double.isInfinite(brightness) || Double.isInfinite(contrast)) {
            throw new IllegalArgumentException("ColorJitter: brightness and contrast should be non-negative numbers, got "
                    + brightness + " and " + contrast);
        }
        this.brightness = brightness;
        this.contrast = contrast;
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("ColorJitter", img, 3);
        Images.checkFloat("ColorJitter", img);
        int c = img.size(-3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("ColorJitter: expected 1 or 3 channels, got an image of shape "
                    + Arrays.toString(img.shape()));
        }
        // torchvision orders all four of its adjustments; saturation (2) and hue (3) are not offered here.
        int[] order = Images.randperm(4);
        double b = brightness > 0 ? Images.uniform(Math.max(0, 1 - brightness), 1 + brightness) : Double.NaN;
        double k = contrast > 0 ? Images.uniform(Math.max(0, 1 - contrast), 1 + contrast) : Double.NaN;
        for (int fn : order) {
            if (fn == 0 && !Double.isNaN(b)) {
                img = adjustBrightness(img, b);
            } else if (fn == 1 && !Double.isNaN(k)) {
                img = adjustContrast(img, k);
            }
        }
        return img;
    }

    /** {@code F.adjust_brightness}: a blend with black. */
    static Tensor adjustBrightness(Tensor img, double factor) {
        return img.mul(factor).clamp(0, 1);
    }

    /** {@code F.adjust_contrast}: a blend with the mean gray level of each image. */
    static Tensor adjustContrast(Tensor img, double factor) {
        Tensor gray = img.size(-3) == 3
                ? img.select(-3, 0).mul(0.2989).add(img.select(-3, 1).mul(0.587)).add(img.select(-3, 2).mul(0.114))
                .unsqueeze(-3)
                : img;
        Tensor mean = gray.mean(new int[] {-3, -2, -1}, true);
        return img.mul(factor).add(mean.mul(1 - factor)).clamp(0, 1);
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness=" + range(brightness) + ", contrast=" + range(contrast) + ")";
    }

    private static String range(double v) {
        return v > 0 ? "(" + Math.max(0, 1 - v) + ", " + (1 + v) + ")" : "None";
    }
}
