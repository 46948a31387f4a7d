package dev.ravel.data.vision;

import dev.ravel.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Transforms applied one after another, like {@code torchvision.transforms.Compose}.
 *
 * <pre>{@code
 * Transform t = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));
 * }</pre>
 */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    public Compose(Transform... transforms) {
        for (Transform t : transforms) {
            Objects.requireNonNull(t, "Compose: a transform is null");
        }
        this.transforms = List.of(transforms);
    }

    /** The transforms, in the order they run. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Tensor apply(Tensor img) {
        for (Transform t : transforms) {
            img = t.apply(img);
        }
        return img;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Compose(");
        for (Transform t : transforms) {
            s.append("\n    ").append(t);
        }
        return s.append("\n)").toString();
    }
}
