package dev.ravel.nn;

import dev.ravel.Tensor;

/**
 * The SeqNet of make_seq_golden.py, written the same way (names and order of its submodules are
 * PyTorch's): an embedding, a two-layer bidirectional LSTM, a Transformer encoder layer over its
 * outputs and a linear head per position.
 */
class SeqNet extends Module {
    final Embedding emb = registerModule("emb", new Embedding(12, 5, 0));
    final LSTM lstm = registerModule("lstm", new LSTM(5, 4, 2, true, true, 0, true));
    final TransformerEncoderLayer encoder = registerModule("encoder",
            new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, true, false));
    final Linear head = registerModule("head", new Linear(8, 3));

    Tensor forward(Tensor tokens, Tensor paddingMask) {
        Tensor h = lstm.forward(emb.forward(tokens), null, null).output();
        return head.forward(encoder.forward(h, null, paddingMask, false));
    }
}
