package dev.ravel.nn;

import dev.ravel.Tensor;
import java.util.List;

/**
 * One LSTM step from Tensor ops (so it is differentiable to any order): {@code (h, c) -> (h', c')}
 * with PyTorch's parameters {@code weight_ih [4H, I]}, {@code weight_hh [4H, H]}, biases {@code [4H]}.
 */
public class LSTMCell extends RecurrentCellBase {
    /** The next hidden and cell state. */
    public record State(Tensor h, Tensor c) {
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        super(inputSize, hiddenSize, bias, 4);
    }

    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** x {@code [B, I]} (or {@code [I]}), h and c {@code [B, H]} (or {@code [H]}); a null state, h or c is zeros. */
    public State forward(Tensor x, State state) {
        boolean batched = x.dim() == 2;
        Tensor in = batchedInput(x);
        Tensor h = batchedState(state == null ? null : state.h(), x, "h");
        Tensor c = batchedState(state == null ? null : state.c(), x, "c");
        Tensor gates = in.matmul(weightIh.t()).add(h.matmul(weightHh.t()));
        if (biasIh != null) {
            gates = gates.add(biasIh).add(biasHh);
        }
        List<Tensor> g = gates.chunk(4, 1);
        Tensor i = g.get(0).sigmoid();
        Tensor f = g.get(1).sigmoid();
        Tensor gg = g.get(2).tanh();
        Tensor o = g.get(3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(gg));
        Tensor h2 = o.mul(c2.tanh());
        return batched ? new State(h2, c2) : new State(h2.squeeze(0), c2.squeeze(0));
    }
}
