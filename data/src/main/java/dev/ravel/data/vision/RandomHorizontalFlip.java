package dev.ravel.data.vision;

import dev.ravel.Tensor;

/**
 * Mirrors the image left to right with probability p, like
 * {@code torchvision.transforms.RandomHorizontalFlip}: one {@code torch.rand(1)} draw per image.
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomHorizontalFlip(0.5), new ToTensor());
 * }</pre>
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p should be between 0 and 1, got " + p);
        }
        this.p = p;
    }

    /** p = 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("RandomHorizontalFlip", img, 2);
        return Images.rand() < p ? img.flip(-1) : img;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
