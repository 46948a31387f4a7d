package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to the recurrent, attention and Transformer layers fails with an IllegalArgumentException
 * naming the layer, what was expected and what was given; never a silent broadcast, an index error
 * or a null pointer from inside.
 */
class SeqErrorMessageTest {
    private static void fails(Executable body, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    private static Tensor bools(int... shape) {
        return Tensor.of(NDArray.zeros(DType.BOOL, shape));
    }

    @Test
    void recurrentLayerInputs() {
        LSTM lstm = new LSTM(4, 3);
        fails(() -> lstm.forward(Ravel.zeros(5, 2, 3)), "LSTM", "input_size", "Expected 4, got 3", "[5, 2, 3]");
        fails(() -> lstm.forward(Ravel.zeros(5, 2, 3, 4)), "LSTM", "2D (unbatched) or 3D (batched)", "[5, 2, 3, 4]");
        fails(() -> lstm.forward(Ravel.zeros(4)), "LSTM", "2D (unbatched) or 3D (batched)", "[4]");
        fails(() -> lstm.forward(Ravel.zeros(DType.FLOAT64, 5, 2, 4)), "LSTM", "torch.float32", "torch.float64");
        fails(() -> new GRU(4, 3, 1, true, true, 0, false).forward(Ravel.zeros(2, 5, 5)), "GRU", "Expected 4, got 5");
    }

    @Test
    void recurrentLayerInitialStates() {
        LSTM lstm = new LSTM(4, 3);
        Tensor x = Ravel.zeros(5, 2, 4);
        fails(() -> lstm.forward(x, Ravel.zeros(1, 3, 3), Ravel.zeros(1, 2, 3)), "LSTM", "hx", "[1, 2, 3]",
                "[1, 3, 3]");
        fails(() -> lstm.forward(x, Ravel.zeros(1, 2, 3), Ravel.zeros(2, 2, 3)), "LSTM", "cx", "[1, 2, 3]",
                "[2, 2, 3]");
        fails(() -> lstm.forward(x, Ravel.zeros(2, 3), null), "LSTM", "hx", "[1, 2, 3]", "[2, 3]");
        fails(() -> lstm.forward(Ravel.zeros(5, 4), Ravel.zeros(1, 1, 3), null), "LSTM", "hx", "[1, 3]", "[1, 1, 3]");
        fails(() -> lstm.forward(x, Ravel.zeros(DType.FLOAT64, 1, 2, 3), null), "LSTM", "hx", "torch.float32",
                "torch.float64");
        GRU gru = new GRU(4, 3, 2, true, true, 0, true);
        fails(() -> gru.forward(Ravel.zeros(2, 5, 4), Ravel.zeros(2, 2, 3), null), "GRU", "hx", "[4, 2, 3]",
                "[2, 2, 3]");
        fails(() -> gru.forward(Ravel.zeros(2, 5, 4), null, Ravel.zeros(4, 2, 3)), "GRU", "c0 must be null");
        fails(() -> new RNN(4, 3).forward(Ravel.zeros(5, 2, 4), Ravel.zeros(1, 2, 3), Ravel.zeros(1, 2, 3)), "RNN",
                "c0 must be null");
    }

    @Test
    void recurrentLayerLengths() {
        LSTM lstm = new LSTM(4, 3);
        Tensor x = Ravel.zeros(5, 2, 4);
        fails(() -> lstm.forward(x, null, null, new int[] {0, 2}), "LSTM", "between 1 and the sequence length 5",
                "[0, 2]");
        fails(() -> lstm.forward(x, null, null, new int[] {6, 2}), "LSTM", "between 1 and the sequence length 5",
                "[6, 2]");
        fails(() -> lstm.forward(x, null, null, new int[] {5, 2, 1}), "LSTM", "expected 2 lengths", "got 3");
        fails(() -> new GRU(4, 3, 1, true, true, 0, false).forward(Ravel.zeros(2, 3, 4), null, null, new int[] {4, 1}),
                "GRU", "sequence length 3", "[4, 1]");
    }

    @Test
    void recurrentLayerConstruction() {
        fails(() -> new RNN(4, 3, 1, "sigmoid", true, false, 0, false), "RNN", "'sigmoid'", "'tanh' or 'relu'");
        fails(() -> new RNN(4, 3, 0, "tanh", true, false, 0, false), "RNN", "num_layers", "must be positive");
        fails(() -> new LSTM(4, 0), "LSTM", "hidden_size", "must be positive");
        fails(() -> new LSTM(4, 3, 2, true, false, 1.5, false), "LSTM", "dropout", "[0, 1]", "1.5");
    }

    @Test
    void cellInputsAndStates() {
        LSTMCell cell = new LSTMCell(4, 3);
        fails(() -> cell.forward(Ravel.zeros(2, 5), null), "LSTMCell", "4 features", "[2, 5]");
        fails(() -> cell.forward(Ravel.zeros(2, 2, 4), null), "LSTMCell", "1D or 2D", "[2, 2, 4]");
        // A state whose batch is 1 must not broadcast over a batch of 3.
        fails(() -> cell.forward(Ravel.zeros(3, 4), new LSTMCell.State(Ravel.zeros(1, 3), Ravel.zeros(1, 3))),
                "LSTMCell", "h", "[3, 3]", "[1, 3]");
        fails(() -> cell.forward(Ravel.zeros(3, 4), new LSTMCell.State(Ravel.zeros(3, 2), Ravel.zeros(3, 3))),
                "LSTMCell", "h", "[3, 3]", "[3, 2]");
        fails(() -> cell.forward(Ravel.zeros(3, 4), new LSTMCell.State(Ravel.zeros(3, 3), Ravel.zeros(3, 4))),
                "LSTMCell", "c", "[3, 3]", "[3, 4]");
        fails(() -> cell.forward(Ravel.zeros(4), new LSTMCell.State(Ravel.zeros(1, 3), Ravel.zeros(1, 3))),
                "LSTMCell", "h", "[3]", "[1, 3]");
        GRUCell gru = new GRUCell(4, 3);
        fails(() -> gru.forward(Ravel.zeros(3, 4), Ravel.zeros(1, 3)), "GRUCell", "h", "[3, 3]", "[1, 3]");
        fails(() -> gru.forward(Ravel.zeros(3, 4), Ravel.zeros(3)), "GRUCell", "h", "[3, 3]", "[3]");
        fails(() -> gru.forward(Ravel.zeros(5), null), "GRUCell", "4 features", "[5]");
    }

    @Test
    void multiheadAttentionConstruction() {
        fails(() -> new MultiheadAttention(6, 4, 0, false), "MultiheadAttention", "embed_dim (6)", "num_heads (4)");
        fails(() -> new MultiheadAttention(6, 0, 0, false), "MultiheadAttention", "num_heads (0)");
    }

    @Test
    void multiheadAttentionInputs() {
        MultiheadAttention mha = new MultiheadAttention(6, 2, 0, false);
        Tensor q = Ravel.zeros(3, 2, 6);
        Tensor k = Ravel.zeros(4, 2, 6);
        fails(() -> mha.forward(Ravel.zeros(1, 3, 2, 6), k, k), "MultiheadAttention", "2D or batched 3D",
                "[1, 3, 2, 6]");
        fails(() -> mha.forward(Ravel.zeros(3, 2, 5), k, k), "MultiheadAttention", "6/6/6", "[3, 2, 5]");
        fails(() -> mha.forward(q, Ravel.zeros(4, 3, 6), Ravel.zeros(4, 3, 6)), "MultiheadAttention", "batch",
                "[3, 2, 6]", "[4, 3, 6]");
        fails(() -> mha.forward(q, k, Ravel.zeros(5, 2, 6)), "MultiheadAttention", "key and value", "[4, 2, 6]",
                "[5, 2, 6]");
        fails(() -> mha.forward(q, Ravel.zeros(4, 6), Ravel.zeros(4, 6)), "MultiheadAttention", "[3, 2, 6]", "[4, 6]");
    }

    @Test
    void multiheadAttentionMasks() {
        MultiheadAttention mha = new MultiheadAttention(6, 2, 0, false);
        Tensor q = Ravel.zeros(3, 2, 6);
        Tensor k = Ravel.zeros(4, 2, 6);
        fails(() -> mha.forward(q, k, k, null, true, Ravel.zeros(3, 5), true, false), "attn_mask", "[3, 4]", "[3, 5]");
        fails(() -> mha.forward(q, k, k, null, true, bools(4, 3), true, false), "attn_mask", "[3, 4]", "[4, 3]");
        fails(() -> mha.forward(q, k, k, null, true, Ravel.zeros(2, 3, 4), true, false), "attn_mask", "[4, 3, 4]",
                "[2, 3, 4]");
        fails(() -> mha.forward(q, k, k, null, true, Ravel.zeros(2, 2, 3, 4), true, false), "attn_mask",
                "[2, 2, 3, 4]");
        fails(() -> mha.forward(q, k, k, bools(4, 2), true, null, true, false), "key_padding_mask", "[2, 4]", "[4, 2]");
        fails(() -> mha.forward(q, k, k, bools(4), true, null, true, false), "key_padding_mask", "[2, 4]", "[4]");
        // Integer masks are ambiguous (PyTorch's old uint8 masks meant true = masked): bool or float only.
        Tensor ints = Tensor.of(NDArray.zeros(DType.INT64, 3, 4));
        fails(() -> mha.forward(q, k, k, null, true, ints, true, false), "attn_mask", "bool and floating",
                "torch.int64");
        fails(() -> mha.forward(q, k, k, Tensor.of(NDArray.zeros(DType.INT64, 2, 4)), true, null, true, false),
                "key_padding_mask", "bool and floating", "torch.int64");
    }

    @Test
    void scaledDotProductAttentionShapes() {
        Tensor q = Ravel.zeros(2, 3, 4);
        Tensor k = Ravel.zeros(2, 5, 4);
        fails(() -> Attention.scaledDotProductAttention(q, k, k, bools(3, 4), 0, false, Double.NaN),
                "scaled_dot_product_attention", "attn_mask", "[3, 4]", "[2, 3, 5]");
        fails(() -> Attention.scaledDotProductAttention(q, Ravel.zeros(2, 5, 3), Ravel.zeros(2, 5, 4)),
                "scaled_dot_product_attention", "same embedding size", "[2, 5, 3]");
        fails(() -> Attention.scaledDotProductAttention(q, k, Ravel.zeros(2, 6, 4)),
                "scaled_dot_product_attention", "same sequence length", "[2, 6, 4]");
        Tensor q3 = Ravel.zeros(2, 3, 4);
        fails(() -> Attention.scaledDotProductAttention(q3, q3, q3, Ravel.zeros(3, 3), 0, true, Double.NaN),
                "scaled_dot_product_attention", "is_causal");
        fails(() -> Attention.scaledDotProductAttention(Ravel.zeros(4), Ravel.zeros(4), Ravel.zeros(4)),
                "scaled_dot_product_attention", "[4]");
    }

    @Test
    void transformerLayers() {
        fails(() -> new TransformerEncoderLayer(6, 2, 8, 0, "tanh", 1e-5, false, false), "TransformerEncoderLayer",
                "relu/gelu", "tanh");
        fails(() -> new TransformerDecoderLayer(6, 2, 8, 0, "swish", 1e-5, false, false), "TransformerDecoderLayer",
                "relu/gelu", "swish");
        fails(() -> new TransformerEncoderLayer(6, 4, 8, 0, "relu", 1e-5, false, false), "embed_dim (6)",
                "num_heads (4)");
        TransformerEncoderLayer layer = new TransformerEncoderLayer(6, 2, 8, 0, "relu", 1e-5, false, false);
        fails(() -> layer.forward(Ravel.zeros(3, 2, 6), Ravel.zeros(3, 4), null, false), "attn_mask", "[3, 3]",
                "[3, 4]");
        fails(() -> layer.forward(Ravel.zeros(3, 2, 6), null, bools(3, 2), false), "key_padding_mask", "[2, 3]",
                "[3, 2]");
        fails(() -> layer.forward(Ravel.zeros(3, 2, 5)), "MultiheadAttention", "[3, 2, 5]");
        fails(() -> new TransformerEncoder(layer, 0, null), "TransformerEncoder", "num_layers", "0");
        TransformerDecoderLayer dec = new TransformerDecoderLayer(6, 2, 8, 0, "relu", 1e-5, true, false);
        fails(() -> dec.forward(Ravel.zeros(2, 3, 6), Ravel.zeros(2, 4, 6), null, null, null, bools(2, 3), false),
                "key_padding_mask", "[2, 4]", "[2, 3]");
        fails(() -> dec.forward(Ravel.zeros(2, 3, 6), Ravel.zeros(3, 4, 6), null, null, null, null, false),
                "MultiheadAttention", "batch", "[2, 3, 6]", "[3, 4, 6]");
    }
}
