package dev.ravel.nn;

/**
 * Long short-term memory (gates i, f, g, o, as PyTorch). {@code forward(x, h0, c0, lengths)}
 * returns the output sequence and {@code h_n}, {@code c_n}.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(128, 256, 1, true, true, 0, true);   // batch first, bidirectional
 * RecurrentOutput r = lstm.forward(embedded, null, null);
 * Tensor last = Tensor.cat(List.of(r.hN().select(0, -2), r.hN().select(0, -1)), 1);
 * }</pre>
 */
public class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional) {
        super(RecurrentCell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false);
    }
}
