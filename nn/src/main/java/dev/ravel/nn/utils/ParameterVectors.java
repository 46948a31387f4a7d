package dev.ravel.nn.utils;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;

/** {@code parameters_to_vector} / {@code vector_to_parameters}. */
public final class ParameterVectors {
    private ParameterVectors() {
    }

    /** All parameters flattened and joined into one 1-D tensor (a copy). */
    public static Tensor parametersToVector(List<? extends Tensor> parameters) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor p : parameters) {
            flat.add(p.reshape(-1));
        }
        return Tensor.cat(flat, 0);
    }

    /** Copies slices of vec into the parameters, in order. */
    public static void vectorToParameters(Tensor vec, List<? extends Tensor> parameters) {
        int total = 0;
        for (Tensor p : parameters) {
            total += p.numel();
        }
        if (vec.dim() != 1 || vec.numel() != total) {
            throw new IllegalArgumentException("vector_to_parameters: expected a 1-D vector of " + total
                    + " elements, got shape " + java.util.Arrays.toString(vec.shape()));
        }
        int off = 0;
        for (Tensor p : parameters) {
            NDArray part = vec.data().narrow(0, off, p.numel()).reshape(p.shape());
            p.data().copy_(part);
            off += p.numel();
        }
    }
}
