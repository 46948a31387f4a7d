package dev.ravel.nn;

/** The cell types of the recurrent layers, with PyTorch's gate counts and orders. */
enum RecurrentCell {
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_TANH(1),
    /** h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_RELU(1),
    /** Gates i, f, g, o: c' = f c + i g, h' = o tanh(c'). */
    LSTM(4),
    /** Gates r, z, n: n = tanh(x_n + r (W_hn h + b_hn)), h' = (1 - z) n + z h. */
    GRU(3);

    final int gates;

    RecurrentCell(int gates) {
        this.gates = gates;
    }
}
