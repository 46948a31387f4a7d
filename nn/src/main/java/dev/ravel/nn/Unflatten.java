package dev.ravel.nn;

import dev.ravel.Tensor;
import java.util.Arrays;

/** Splits one dim into a shape. */
public class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, sizes);
    }

    @Override
    public String extraRepr() {
        String s = Arrays.toString(sizes).replace('[', '(').replace(']', ')');
        return "dim=" + dim + ", unflattened_size=" + (sizes.length == 1 ? s.replace(")", ",)") : s);
    }
}
