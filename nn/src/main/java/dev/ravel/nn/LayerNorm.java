package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/** Normalises over the last dims ({@code normalizedShape}), with an optional elementwise affine. */
public class LayerNorm extends Module {
    public final int[] normalizedShape;
    public final double eps;
    public Parameter weight;
    public Parameter bias;

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = registerParameter("weight", elementwiseAffine ? new Parameter(NDArray.ones(normalizedShape)) : null);
        this.bias = registerParameter("bias", elementwiseAffine && bias ? new Parameter(NDArray.zeros(normalizedShape)) : null);
    }

    public LayerNorm(int size) {
        this(new int[] {size}, 1e-5, true, true);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.layerNorm(input, normalizedShape, weight, bias, eps);
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
        String shape = Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')');
        if (normalizedShape.length == 1) {
            shape = shape.replace(")", ",)");
        }
        return shape + ", eps=" + PyRepr.number(eps) + ", elementwise_affine=" + PyRepr.bool(weight != null);
    }
}
