package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.i;
import static dev.ravel.nn.testing.Golden.ints;
import static dev.ravel.nn.testing.Golden.map;

import dev.ravel.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence-model specs and calls of make_seq_golden.py, with the meaning its {@code build()}
 * and {@code run_*} functions give them: a module from {@code {"type": ..., constructor
 * arguments}}, and the call of a case's module on its tensors ({@code args}) and plain options
 * ({@code opts}), returning the outputs by the golden names.
 */
final class SeqSpecs {
    private SeqSpecs() {
    }

    /** The module of a spec; null for the functional scaled dot-product attention. */
    static Module build(Map<String, Object> s) {
        String type = (String) s.get("type");
        return switch (type) {
            case "RNN" -> new RNN(i(s.get("input_size")), i(s.get("hidden_size")), i(s.get("num_layers")),
                    (String) s.get("nonlinearity"), bool(s, "bias"), bool(s, "batch_first"), d(s.get("dropout")),
                    bool(s, "bidirectional"));
            case "LSTM" -> new LSTM(i(s.get("input_size")), i(s.get("hidden_size")), i(s.get("num_layers")),
                    bool(s, "bias"), bool(s, "batch_first"), d(s.get("dropout")), bool(s, "bidirectional"));
            case "GRU" -> new GRU(i(s.get("input_size")), i(s.get("hidden_size")), i(s.get("num_layers")),
                    bool(s, "bias"), bool(s, "batch_first"), d(s.get("dropout")), bool(s, "bidirectional"));
            case "LSTMCell" -> new LSTMCell(i(s.get("input_size")), i(s.get("hidden_size")), bool(s, "bias"));
            case "GRUCell" -> new GRUCell(i(s.get("input_size")), i(s.get("hidden_size")), bool(s, "bias"));
            case "MultiheadAttention" -> new MultiheadAttention(i(s.get("embed_dim")), i(s.get("num_heads")),
                    d(s.get("dropout")), bool(s, "bias"), i(s.get("kdim")), i(s.get("vdim")), bool(s, "batch_first"));
            case "TransformerEncoderLayer" -> new TransformerEncoderLayer(i(s.get("d_model")), i(s.get("nhead")),
                    i(s.get("dim_feedforward")), d(s.get("dropout")), (String) s.get("activation"),
                    d(s.get("layer_norm_eps")), bool(s, "batch_first"), bool(s, "norm_first"));
            case "TransformerDecoderLayer" -> new TransformerDecoderLayer(i(s.get("d_model")), i(s.get("nhead")),
                    i(s.get("dim_feedforward")), d(s.get("dropout")), (String) s.get("activation"),
                    d(s.get("layer_norm_eps")), bool(s, "batch_first"), bool(s, "norm_first"));
            case "TransformerEncoder" -> {
                Map<String, Object> layer = map(s.get("layer"));
                LayerNorm norm = s.get("norm_eps") == null ? null
                        : new LayerNorm(new int[] {i(layer.get("d_model"))}, d(s.get("norm_eps")), true, true);
                yield new TransformerEncoder((TransformerEncoderLayer) build(layer), i(s.get("num_layers")), norm);
            }
            case "Linear" -> new Linear(i(s.get("in")), i(s.get("out")), bool(s, "bias"));
            case "SDPA" -> null;
            default -> throw new IllegalArgumentException("no builder for " + type);
        };
    }

    /** Calls the module of a case; the outputs by name, absent ones left out. */
    static Map<String, Tensor> run(Module m, Map<String, Object> spec, Map<String, Tensor> a, Map<String, Object> opts) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch ((String) spec.get("type")) {
            case "RNN", "LSTM", "GRU" -> {
                int[] lengths = opts.get("lengths") == null ? null : ints(opts.get("lengths"));
                RecurrentOutput r = ((RNNBase) m).forward(a.get("x"), a.get("h0"), a.get("c0"), lengths);
                out.put("output", r.output());
                out.put("h_n", r.hN());
                out.put("c_n", r.cN());
            }
            case "LSTMCell" -> {
                LSTMCell.State s = ((LSTMCell) m).forward(a.get("x"),
                        a.containsKey("h") ? new LSTMCell.State(a.get("h"), a.get("c")) : null);
                out.put("h", s.h());
                out.put("c", s.c());
            }
            case "GRUCell" -> out.put("h", ((GRUCell) m).forward(a.get("x"), a.get("h")));
            case "SDPA" -> out.put("out", Attention.scaledDotProductAttention(a.get("q"), a.get("k"), a.get("v"),
                    a.get("mask"), 0, (Boolean) opts.get("is_causal"),
                    opts.get("scale") == null ? Double.NaN : d(opts.get("scale"))));
            case "MultiheadAttention" -> {
                Tensor q = a.get("query");
                boolean self = (Boolean) opts.get("self_attention");
                MultiheadAttention.Output o = ((MultiheadAttention) m).forward(q, self ? q : a.get("key"),
                        self ? q : a.get("value"), a.get("key_padding_mask"), (Boolean) opts.get("need_weights"),
                        a.get("attn_mask"), (Boolean) opts.get("average_attn_weights"), false);
                out.put("output", o.output());
                out.put("weights", o.weights());
            }
            case "TransformerEncoderLayer" -> out.put("out", ((TransformerEncoderLayer) m).forward(a.get("src"),
                    a.get("src_mask"), a.get("src_key_padding_mask"), false));
            case "TransformerDecoderLayer" -> out.put("out", ((TransformerDecoderLayer) m).forward(a.get("tgt"),
                    a.get("memory"), a.get("tgt_mask"), a.get("memory_mask"), a.get("tgt_key_padding_mask"),
                    a.get("memory_key_padding_mask"), false));
            case "TransformerEncoder" -> out.put("out", ((TransformerEncoder) m).forward(a.get("src"), a.get("mask"),
                    a.get("src_key_padding_mask"), false));
            default -> throw new IllegalArgumentException("no call for " + spec.get("type"));
        }
        out.values().removeIf(t -> t == null);
        return out;
    }

    private static boolean bool(Map<String, Object> s, String key) {
        return (Boolean) s.get(key);
    }
}
