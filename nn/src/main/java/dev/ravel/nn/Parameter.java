package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;

/**
 * A tensor that is a module's learnable state: a leaf that requires grad (unless asked not to),
 * registered by {@link Module#registerParameter} and listed by {@code parameters()}.
 */
public final class Parameter extends Tensor {
    public Parameter(NDArray data) {
        this(data, true);
    }

    public Parameter(NDArray data, boolean requiresGrad) {
        super(data, requiresGrad);
    }

    /** A parameter holding (sharing the storage of) a tensor's data. */
    public static Parameter of(Tensor t) {
        return new Parameter(t.data(), true);
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
