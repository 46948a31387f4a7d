package dev.ravel.data.vision;

import dev.ravel.Tensor;

/**
 * Zero padding on all four sides, then a {@code size x size} crop at a uniformly random position,
 * like {@code torchvision.transforms.RandomCrop(size, padding)}: the top row is drawn first, then
 * the left column, each by {@code torch.randint}; nothing is drawn when the padded image is
 * already {@code size x size}.
 *
 * <pre>{@code
 * Transform t = new Compose(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5), new ToTensor());  // CIFAR-10
 * }</pre>
 */
public final class RandomCrop implements Transform {
    private final int size;
    private final int padding;

    public RandomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: size should be positive and padding non-negative, got size "
                    + size + ", padding " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    /** No padding. */
    public RandomCrop(int size) {
        this(size, 0);
    }

    @Override
    public Tensor apply(Tensor img) {
        Images.check("RandomCrop", img, 2);
        Tensor x = padding > 0 ? img.pad(new int[] {padding, padding, padding, padding}, 0) : img;
        int h = x.size(-2);
        int w = x.size(-1);
        if (h < size || w < size) {
            throw new IllegalArgumentException("RandomCrop: required crop size (" + size + ", " + size
                    + ") is larger than input image size (" + h + ", " + w + ")"
                    + (padding > 0 ? " after padding by " + padding : ""));
        }
        if (h == size && w == size) {
            return x;
        }
        int top = Images.randint(0, h - size + 1);
        int left = Images.randint(0, w - size + 1);
        return x.narrow(-2, top, size).narrow(-1, left, size).contiguous();
    }

    @Override
    public String toString() {
        return "RandomCrop(size=(" + size + ", " + size + "), padding=" + padding + ")";
    }
}
