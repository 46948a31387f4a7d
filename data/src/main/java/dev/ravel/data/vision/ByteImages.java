package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;

/** Tensors from the unsigned bytes the image datasets keep in memory (pixels 0..255, labels 0..9). */
final class ByteImages {
    private ByteImages() {
    }

    /** {@code n} unsigned bytes from {@code off} as a FLOAT32 tensor of the given shape, values 0..255. */
    static Tensor pixels(byte[] bytes, int off, int n, int... shape) {
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = bytes[off + k] & 0xff;
        }
        return Tensor.of(NDArray.fromArray(f, shape));
    }

    /** Label {@code i} as a 0-d INT64 tensor. */
    static Tensor label(byte[] labels, int i) {
        return Tensor.of(NDArray.scalar((long) (labels[i] & 0xff)));
    }

    /** All labels as an INT64 [N] tensor. */
    static Tensor labels(byte[] labels) {
        long[] t = new long[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i] & 0xff;
        }
        return Tensor.of(NDArray.fromArray(t, t.length));
    }
}
