package dev.ravel.nn;

import dev.ravel.Tensor;

/**
 * Self-attention, cross-attention over an encoder's memory, and a feed-forward block, as
 * torch.nn.TransformerDecoderLayer (post- or pre-norm, ReLU or GELU, PyTorch's submodule names).
 */
public class TransformerDecoderLayer extends Module {
    public final boolean normFirst;
    private final String activation;
    public final MultiheadAttention selfAttn;
    public final MultiheadAttention multiheadAttn;
    final Linear linear1;
    final Dropout dropout;
    final Linear linear2;
    final LayerNorm norm1;
    final LayerNorm norm2;
    final LayerNorm norm3;
    final Dropout dropout1;
    final Dropout dropout2;
    final Dropout dropout3;

    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw new IllegalArgumentException("TransformerDecoderLayer: activation should be relu/gelu, not " + activation);
        }
        this.normFirst = normFirst;
        this.activation = activation;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, dModel, dModel, batchFirst));
        multiheadAttn = registerModule("multihead_attn",
                new MultiheadAttention(dModel, nhead, dropout, true, dModel, dModel, batchFirst));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
        dropout3 = registerModule("dropout3", new Dropout(dropout));
    }

    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /**
     * tgtMask/memoryMask: BOOL true = not allowed (or float); key padding masks: true = padding.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal) {
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfBlock(norm1.forward(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = x.add(crossBlock(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            x = x.add(feedForward(norm3.forward(x)));
        } else {
            x = norm1.forward(x.add(selfBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal)));
            x = norm2.forward(x.add(crossBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
            x = norm3.forward(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfBlock(Tensor x, Tensor mask, Tensor padding, boolean causal) {
        return dropout1.forward(selfAttn.forward(x, x, x, padding, false, mask, true, causal).output());
    }

    private Tensor crossBlock(Tensor x, Tensor memory, Tensor mask, Tensor padding) {
        return dropout2.forward(multiheadAttn.forward(x, memory, memory, padding, false, mask, true, false).output());
    }

    private Tensor feedForward(Tensor x) {
        Tensor h = linear1.forward(x);
        h = activation.equals("relu") ? h.relu() : h.gelu();
        return dropout3.forward(linear2.forward(dropout.forward(h)));
    }
}
