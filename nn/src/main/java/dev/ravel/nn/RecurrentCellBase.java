package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

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

    /** The input as {@code [B, I]} (an unbatched {@code [I]} as a batch of one), checked. */
    Tensor batchedInput(Tensor x) {
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": Expected input to be 1D or 2D, got "
                    + x.dim() + "D input of shape " + Arrays.toString(x.shape()) + " instead");
        }
        Tensor in = x.dim() == 2 ? x : x.unsqueeze(0);
        if (in.size(1) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input with " + inputSize
                    + " features, got shape " + Arrays.toString(x.shape()));
        }
        return in;
    }

    /**
     * A state as {@code [B, H]} for the input x: zeros when null, else it must be {@code [B, H]}
     * ({@code [H]} for an unbatched x); a batch of one would otherwise broadcast silently.
     */
    Tensor batchedState(Tensor state, Tensor x, String what) {
        boolean batched = x.dim() == 2;
        int batch = batched ? x.size(0) : 1;
        if (state == null) {
            return Tensor.of(NDArray.zeros(new int[] {batch, hiddenSize}, x.dtype(), x.device()));
        }
        int[] expected = batched ? new int[] {batch, hiddenSize} : new int[] {hiddenSize};
        if (!Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + what + " of shape "
                    + Arrays.toString(expected) + " for input of shape " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(state.shape()));
        }
        return batched ? state : state.unsqueeze(0);
    }

    @Override
    public String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : "");
    }
}
