package dev.ravel.nn;

import dev.ravel.Tensor;

/**
 * A stack of encoder layers, each starting as a copy of the given one (as PyTorch's deep copy
 * does), with an optional final norm; state-dict keys {@code layers.0.self_attn...}, {@code norm...}.
 */
public class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;

    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("TransformerEncoder: num_layers must be positive, got " + numLayers);
        }
        ModuleList list = new ModuleList();
        for (int i = 0; i < numLayers; i++) {
            list.add(layer.copy());
        }
        layers = registerModule("layers", list);
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null, false);
    }

    public Tensor forward(Tensor src, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (Module m : layers) {
            x = ((TransformerEncoderLayer) m).forward(x, mask, keyPaddingMask, isCausal);
        }
        return norm == null ? x : norm.forward(x);
    }

    public int numLayers() {
        return layers.size();
    }
}
