package dev.ravel.nn.usercode;

import dev.ravel.Tensor;
import dev.ravel.nn.Module;

/** User code (outside dev.ravel.nn): an identity layer that keeps what it was given. */
public final class KeepsItsInput extends Module {
    public Tensor kept;

    @Override
    public Tensor forward(Tensor x) {
        kept = x;
        return x.mul(1);
    }
}
