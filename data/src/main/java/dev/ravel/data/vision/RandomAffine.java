package dev.ravel.data.vision;

import dev.ravel.Tensor;

/**
 * A random rotation and translation, like {@code torchvision.transforms.RandomAffine(degrees,
 * translate=(translateX, translateY))}: the angle is uniform in {@code [-degrees, degrees]}
 * (clockwise, as torchvision's affine), the shift uniform in {@code [-translateX * W, translateX * W]}
 * and {@code [-translateY * H, translateY * H]} and rounded to whole pixels (half to even, as
 * Python's round); nearest-neighbour, about the centre, uncovered pixels 0. The draws come in
 * torchvision's order: angle, then x shift, then y shift.
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomAffine(0, 0.1, 0.1), new ToTensor());   // shifts of up to 10%
 * }</pre>
 */
public final class RandomAffine implements Transform {
    private final double degrees;
    private final double translateX;
    private final double translateY;

    public RandomAffine(double degrees, double translateX, double translateY) {
        if (!(degrees >= 0) || Double.isInfinite(degrees)) {
            throw new IllegalArgumentException("RandomAffine: degrees must be a non-negative number, got " + degrees);
        }
        if (!(translateX >= 0 && translateX <= 1 && translateY >= 0 && translateY <= 1)) {
            throw new IllegalArgumentException("RandomAffine: translation values should be between 0 and 1, got ("
                    + translateX + ", " + translateY + ")");
        }
        this.degrees = degrees;
        this.translateX = translateX;
        this.translateY = translateY;
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("RandomAffine", img, 2);
        double angle = Images.uniform(-degrees, degrees);
        double maxDx = translateX * img.size(-1);
        double maxDy = translateY * img.size(-2);
        double tx = Math.rint(Images.uniform(-maxDx, maxDx));
        double ty = Math.rint(Images.uniform(-maxDy, maxDy));
        return Warp.affine(img, angle, tx, ty);
    }

    @Override
    public String toString() {
        return "RandomAffine(degrees=[" + -degrees + ", " + degrees + "], translate=(" + translateX + ", " + translateY
                + "))";
    }
}
