package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared part of RNN, LSTM and GRU: multi-layer, bidirectional, batch-first, dropout between
 * layers, optional initial state and per-row lengths, with PyTorch's parameter names
 * ({@code weight_ih_l0}, {@code weight_hh_l0_reverse}, {@code bias_ih_l1}, ...), shapes, gate
 * order and init (uniform in +-1/sqrt(hidden)), so PyTorch state dicts load as they are.
 * Each layer and direction runs as one fused op ({@link RecurrentLayerFunction}).
 */
public abstract class RNNBase extends Module {
    final RecurrentCell cell;
    public final int inputSize;
    public final int hiddenSize;
    public final int numLayers;
    public final boolean bias;
    public final boolean batchFirst;
    public final double dropout;
    public final boolean bidirectional;

    RNNBase(RecurrentCell cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
            double dropout, boolean bidirectional) {
        if (hiddenSize <= 0 || inputSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": input_size, hidden_size and num_layers"
                    + " must be positive, got " + inputSize + ", " + hiddenSize + ", " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout should be a number in range"
                    + " [0, 1] representing the probability of an element being zeroed, got " + dropout);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int dirs = bidirectional ? 2 : 1;
        int gates = cell.gates * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++) {
                String sfx = suffix(layer, d);
                registerParameter("weight_ih" + sfx, new Parameter(NDArray.empty(gates, in)));
                registerParameter("weight_hh" + sfx, new Parameter(NDArray.empty(gates, hiddenSize)));
                if (bias) {
                    registerParameter("bias_ih" + sfx, new Parameter(NDArray.empty(gates)));
                    registerParameter("bias_hh" + sfx, new Parameter(NDArray.empty(gates)));
                }
            }
        }
        resetParameters();
    }

    static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }

    public void resetParameters() {
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) {
            Init.uniform_(p, -stdv, stdv);
        }
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Runs the whole sequence with zero initial state and full lengths. */
    public RecurrentOutput forward(Tensor input, Tensor h0, Tensor c0) {
        return forward(input, h0, c0, null);
    }

    /**
     * @param input   {@code [T, B, I]} ({@code [B, T, I]} if batchFirst) or unbatched {@code [T, I]}
     * @param h0      {@code [L*D, B, H]} (or {@code [L*D, H]} unbatched), null for zeros
     * @param c0      the same for LSTM; must be null for RNN and GRU
     * @param lengths per batch row, 1..T, or null: steps past a row's length leave its state and
     *                output zeros (pack_padded_sequence)
     */
    public RecurrentOutput forward(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        String name = getClass().getSimpleName();
        boolean batched = input.dim() == 3;
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(name + ": expected input to be 2D (unbatched) or 3D (batched), got input"
                    + " of shape " + Arrays.toString(input.shape()));
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input.size(-1) must be equal to input_size. Expected "
                    + inputSize + ", got " + input.size(-1) + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
        DType dtype = parameters().getFirst().dtype();
        if (input.dtype() != dtype) {
            throw new IllegalArgumentException(name + ": input must have the type " + dtype.torchName() + ", got type "
                    + input.dtype().torchName());
        }
        if (cell != RecurrentCell.LSTM && c0 != null) {
            throw new IllegalArgumentException(name + ": takes no cell state (c0 must be null)");
        }
        Tensor x = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
        int steps = x.size(0);
        int batch = x.size(1);
        int dirs = directions();
        int[] stateShape = {numLayers * dirs, batch, hiddenSize};
        Tensor h = initialState(h0, batched, stateShape, "hx");
        Tensor c = cell == RecurrentCell.LSTM ? initialState(c0, batched, stateShape, "cx") : null;
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException(name + ": expected " + batch + " lengths (one per batch row), got "
                        + lengths.length);
            }
            for (int l : lengths) {
                if (l < 1 || l > steps) {
                    throw new IllegalArgumentException(name + ": lengths must be between 1 and the sequence length "
                            + steps + ", got " + Arrays.toString(lengths));
                }
            }
        }
        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = suffix(layer, d);
                int idx = layer * dirs + d;
                List<Tensor> r = RecurrentLayerFunction.run(cell, d == 1, lengths, layerInput, h.select(0, idx),
                        c == null ? null : c.select(0, idx), parameter("weight_ih" + sfx), parameter("weight_hh" + sfx),
                        bias ? parameter("bias_ih" + sfx) : null, bias ? parameter("bias_hh" + sfx) : null);
                outs.add(r.get(0));
                hN.add(r.get(1));
                if (c != null) {
                    cN.add(r.get(2));
                }
            }
            layerInput = dirs == 1 ? outs.getFirst() : Tensor.cat(outs, 2);
            if (layer < numLayers - 1 && dropout > 0) {
                layerInput = Functional.dropout(layerInput, dropout, isTraining());
            }
        }
        Tensor output = layerInput;
        Tensor hOut = Tensor.stack(hN, 0);
        Tensor cOut = c == null ? null : Tensor.stack(cN, 0);
        if (!batched) {
            output = output.squeeze(1);
            hOut = hOut.squeeze(1);
            cOut = cOut == null ? null : cOut.squeeze(1);
        } else if (batchFirst) {
            output = output.transpose(0, 1);
        }
        return new RecurrentOutput(output, hOut, cOut);
    }

    /** Single-tensor forward: the output sequence. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null, null).output();
    }

    private Tensor initialState(Tensor given, boolean batched, int[] shape, String what) {
        if (given == null) {
            return Tensor.of(NDArray.zeros(shape, DType.FLOAT32, parameters().getFirst().device())
                    .to(parameters().getFirst().dtype()));
        }
        Tensor s = batched ? given : given.unsqueeze(1);
        if (!Arrays.equals(s.shape(), shape)) {
            int[] expected = batched ? shape : new int[] {shape[0], shape[2]};
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + what + " size "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(given.shape()));
        }
        DType dtype = parameters().getFirst().dtype();
        if (given.dtype() != dtype) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + what + " of type "
                    + dtype.torchName() + " (the parameters' type), got " + given.dtype().torchName());
        }
        return s;
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) {
            sb.append(", num_layers=").append(numLayers);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        if (batchFirst) {
            sb.append(", batch_first=True");
        }
        if (dropout != 0) {
            sb.append(", dropout=").append(PyRepr.number(dropout));
        }
        if (bidirectional) {
            sb.append(", bidirectional=True");
        }
        return sb.toString();
    }
}
