package dev.ravel.autograd;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.NDArray;

/**
 * What the engine needs to know of a tensor at a node's boundary: gradients are summed down to
 * {@code shape} and cast to {@code dtype}, and a missing gradient becomes zeros of this shape.
 */
public record TensorMeta(int[] shape, DType dtype, Device device) {
    public static TensorMeta of(NDArray a) {
        return new TensorMeta(a.shape(), a.dtype(), a.device());
    }

    public NDArray zeros() {
        return NDArray.zeros(shape, dtype, device);
    }
}
