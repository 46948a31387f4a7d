package dev.ravel.nn;

/** Elman RNN with tanh (default) or relu nonlinearity. */
public class RNN extends RNNBase {
    private final String nonlinearity;

    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               double dropout, boolean bidirectional) {
        super(cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        this.nonlinearity = nonlinearity;
    }

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false);
    }

    private static RecurrentCell cell(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RecurrentCell.RNN_TANH;
            case "relu" -> RecurrentCell.RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: unknown nonlinearity '" + nonlinearity
                    + "'. Select from 'tanh' or 'relu'.");
        };
    }

    @Override
    public String extraRepr() {
        String base = super.extraRepr();
        return nonlinearity.equals("tanh") ? base : base + ", nonlinearity=" + nonlinearity;
    }
}
