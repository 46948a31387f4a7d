package dev.ravel.data.vision;

import dev.ravel.Tensor;

/**
 * Rotation about the image centre by an angle drawn uniformly from {@code [-degrees, degrees]},
 * counter-clockwise, nearest-neighbour, corners filled with 0: torchvision's
 * {@code RandomRotation(degrees)} with its defaults (no expand, centre of the image).
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomRotation(10), new ToTensor());
 * }</pre>
 */
public final class RandomRotation implements Transform {
    private final double degrees;

    public RandomRotation(double degrees) {
        if (!(degrees >= 0) || Double.isInfinite(degrees)) {
            throw new IllegalArgumentException("RandomRotation: degrees must be a non-negative number, got " + degrees);
        }
        this.degrees = degrees;
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("RandomRotation", img, 2);
        return Warp.rotate(img, Images.uniform(-degrees, degrees));
    }

    @Override
    public String toString() {
        return "RandomRotation(degrees=[" + -degrees + ", " + degrees + "], interpolation=nearest, expand=False, fill=0)";
    }
}
