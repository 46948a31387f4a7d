package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.tensor.NDArray;

/** Normalises channel groups of {@code [N, C, *]}, per-channel affine. */
public class GroupNorm extends Module {
    public final int numGroups;
    public final int numChannels;
    public final double eps;
    public Parameter weight;
    public Parameter bias;

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be divisible by"
                    + " num_groups (" + numGroups + ")");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = registerParameter("weight", affine ? new Parameter(NDArray.ones(numChannels)) : null);
        this.bias = registerParameter("bias", affine ? new Parameter(NDArray.zeros(numChannels)) : null);
    }

    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm(" + numGroups + ", " + numChannels + "): expected input with "
                    + numChannels + " channels in dim 1, got shape " + java.util.Arrays.toString(input.shape()));
        }
        return Functional.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        if (name.equals("weight")) {
            weight = p;
        }
        if (name.equals("bias")) {
            bias = p;
        }
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PyRepr.number(eps) + ", affine=" + PyRepr.bool(weight != null);
    }
}
