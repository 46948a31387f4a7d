package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;

/**
 * Self-attention and a feed-forward block with residuals and layer norms, as
 * torch.nn.TransformerEncoderLayer: post-norm by default, pre-norm with {@code normFirst};
 * ReLU or GELU; submodule names ({@code self_attn}, {@code linear1}, {@code norm1}, ...) match
 * PyTorch's, so its state dicts load.
 */
public class TransformerEncoderLayer extends Module {
    public final int dModel;
    public final int nhead;
    public final int dimFeedforward;
    public final double dropoutP;
    public final String activation;
    public final double layerNormEps;
    public final boolean batchFirst;
    public final boolean normFirst;
    public final MultiheadAttention selfAttn;
    final Linear linear1;
    final Dropout dropout;
    final Linear linear2;
    final LayerNorm norm1;
    final LayerNorm norm2;
    final Dropout dropout1;
    final Dropout dropout2;

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            throw new IllegalArgumentException("TransformerEncoderLayer: activation should be relu/gelu, not " + activation);
        }
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.activation = activation;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, true, dModel, dModel, batchFirst));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
    }

    /** PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, sequence first, post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /**
     * A layer with the same configuration, parameter values and mode. Like PyTorch's deep copy it
     * draws no random numbers: the default generator is restored after building the new layer, so
     * whatever is initialised next gets the values it gets in PyTorch.
     */
    public TransformerEncoderLayer copy() {
        Generator rng = Generator.defaultGenerator();
        byte[] state = rng.getState();
        TransformerEncoderLayer c;
        try {
            c = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps,
                    batchFirst, normFirst);
        } finally {
            rng.setState(state);
        }
        c.loadStateDict(stateDict());
        c.train(isTraining());
        return c;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null, false);
    }

    /** mask: [L, L] (BOOL true = not allowed, or float); keyPaddingMask: [N, L] (true = padding). */
    public Tensor forward(Tensor src, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttentionBlock(norm1.forward(x), mask, keyPaddingMask, isCausal));
            x = x.add(feedForwardBlock(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, mask, keyPaddingMask, isCausal)));
            x = norm2.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean isCausal) {
        Tensor a = selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true, isCausal).output();
        return dropout1.forward(a);
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = linear1.forward(x);
        h = activation.equals("relu") ? h.relu() : h.gelu();
        return dropout2.forward(linear2.forward(dropout.forward(h)));
    }
}
