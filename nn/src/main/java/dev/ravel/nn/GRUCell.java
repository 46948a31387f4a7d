package dev.ravel.nn;

import dev.ravel.Tensor;
import java.util.List;

/**
 * One GRU step from Tensor ops: {@code h -> h'} with gates r, z, n and PyTorch's parameters
 * ({@code weight_ih [3H, I]}, {@code weight_hh [3H, H]}, biases {@code [3H]}).
 */
public class GRUCell extends RecurrentCellBase {
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        super(inputSize, hiddenSize, bias, 3);
    }

    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /** x {@code [B, I]} (or {@code [I]}), h {@code [B, H]} (or {@code [H]}); a null h is zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        boolean batched = x.dim() == 2;
        Tensor in = batchedInput(x);
        Tensor hx = batchedState(h, x, "h");
        Tensor gi = in.matmul(weightIh.t());
        Tensor gh = hx.matmul(weightHh.t());
        if (biasIh != null) {
            gi = gi.add(biasIh);
            gh = gh.add(biasHh);
        }
        List<Tensor> xi = gi.chunk(3, 1);
        List<Tensor> xh = gh.chunk(3, 1);
        Tensor r = xi.get(0).add(xh.get(0)).sigmoid();
        Tensor z = xi.get(1).add(xh.get(1)).sigmoid();
        Tensor n = xi.get(2).add(r.mul(xh.get(2))).tanh();
        Tensor h2 = n.add(z.mul(hx.sub(n)));
        return batched ? h2 : h2.squeeze(0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }
}
