package dev.ravel.nn;

import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;

/**
 * The parameters every single-step cell has, with PyTorch's names and init: {@code weight_ih
 * [G*H, I]}, {@code weight_hh [G*H, H]}, {@code bias_ih}, {@code bias_hh [G*H]}, all uniform in
 * +-1/sqrt(H).
 */
abstract class RecurrentCellBase extends Module {
    public final int inputSize;
    public final int hiddenSize;
    Parameter weightIh;
    Parameter weightHh;
    Parameter biasIh;
    Parameter biasHh;

    RecurrentCellBase(int inputSize, int hiddenSize, boolean bias, int gates) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        weightIh = registerParameter("weight_ih", new Parameter(NDArray.empty(gates * hiddenSize, inputSize)));
        weightHh = registerParameter("weight_hh", new Parameter(NDArray.empty(gates * hiddenSize, hiddenSize)));
        biasIh = registerParameter("bias_ih", bias ? new Parameter(NDArray.empty(gates * hiddenSize)) : null);
        biasHh = registerParameter("bias_hh", bias ? new Parameter(NDArray.empty(gates * hiddenSize)) : null);
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) {
            Init.uniform_(p, -stdv, stdv);
        }
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        switch (name) {
            case "weight_ih" -> weightIh = p;
            case "weight_hh" -> weightHh = p;
            case "bias_ih" -> biasIh = p;
            case "bias_hh" -> biasHh = p;
            default -> {
            }
        }
    }

    void checkInput(dev.ravel.Tensor in, dev.ravel.Tensor x) {
        if (in.size(1) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input with " + inputSize
                    + " features, got shape " + java.util.Arrays.toString(x.shape()));
        }
    }

    @Override
    public String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : "");
    }
}
