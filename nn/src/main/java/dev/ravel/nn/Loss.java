package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Reduction;

/** A loss module: {@code forward(input, target)} with a reduction ("mean" unless told otherwise). */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);
}
