package dev.ravel.nn;

/** Gated recurrent unit (gates r, z, n, as PyTorch). */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        super(RecurrentCell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false);
    }
}
