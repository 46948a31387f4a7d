package dev.ravel.nn;

import dev.ravel.Tensor;

/**
 * What RNN, LSTM and GRU return: the top layer's output at every step ({@code [T, B, D*H]}, or
 * batch first), the last hidden state of every layer and direction ({@code [L*D, B, H]}), and for
 * LSTM the last cell state (null otherwise) — PyTorch's {@code output, (h_n, c_n)}.
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
}
