package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;

/**
 * Raw pixel values 0..255 to FLOAT32 values in [0, 1], as {@code torchvision.transforms.ToTensor}
 * does for a uint8 image (the datasets give FLOAT32 tensors holding the exact uint8 values, as
 * Ravel has no uint8 dtype). A {@code [H, W]} image becomes {@code [1, H, W]}.
 *
 * <pre>{@code
 * var train = new MNIST(Path.of("data"), true, true, new ToTensor());
 * Tensor x = train.get(0).input();   // [1, 28, 28], values in [0, 1]
 * }</pre>
 */
public final class ToTensor implements Transform {
    @Override
    public Tensor apply(Tensor img) {
        Images.check("ToTensor", img, 2);
        Tensor x = img.dim() == 2 ? img.unsqueeze(0) : img;
        return x.to(DType.FLOAT32).div(255.0);
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}
