package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;

/** {@code y = x W^T + b}, weight {@code [out, in]}; PyTorch's init (kaiming-uniform with a = sqrt 5). */
public class Linear extends Module {
    public final int inFeatures;
    public final int outFeatures;
    /** Read-only; replace it with {@code setParameter("weight", p)} (weight tying). */
    public Parameter weight;
    /** Read-only; replace it with {@code setParameter("bias", p)} (weight tying). */
    public Parameter bias;

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: features must be non-negative, got " + inFeatures + ", " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", new Parameter(NDArray.empty(outFeatures, inFeatures)));
        this.bias = registerParameter("bias", bias ? new Parameter(NDArray.empty(outFeatures)) : null);
        resetParameters();
    }

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public void resetParameters() {
        Init.defaultLayerInit(weight, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(in_features=" + inFeatures + "): expected input with last"
                    + " dimension " + inFeatures + ", got input of shape " + java.util.Arrays.toString(input.shape()));
        }
        return Functional.linear(input, weight, bias);
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
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.bool(bias != null);
    }
}
