package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/**
 * Multi-head attention as torch.nn.MultiheadAttention: the same parameters ({@code in_proj_weight}
 * or {@code q/k/v_proj_weight} when kdim/vdim differ, {@code in_proj_bias}, {@code out_proj}),
 * init order and masks: {@code keyPaddingMask [N, S]} and boolean {@code attnMask} mark what may
 * NOT be attended (true = masked), float masks are added.
 */
public class MultiheadAttention extends Module {
    public final int embedDim;
    public final int numHeads;
    public final int kdim;
    public final int vdim;
    public final double dropout;
    public final boolean batchFirst;
    private final boolean sameDims;
    Parameter inProjWeight;
    Parameter qProjWeight;
    Parameter kProjWeight;
    Parameter vProjWeight;
    Parameter inProjBias;
    public final Linear outProj;

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim,
                              boolean batchFirst) {
        if (numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim (" + embedDim + ") must be divisible by"
                    + " num_heads (" + numHeads + ")");
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim <= 0 ? embedDim : kdim;
        this.vdim = vdim <= 0 ? embedDim : vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.sameDims = this.kdim == embedDim && this.vdim == embedDim;
        if (sameDims) {
            inProjWeight = registerParameter("in_proj_weight", new Parameter(NDArray.empty(3 * embedDim, embedDim)));
            qProjWeight = kProjWeight = vProjWeight = null;
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", new Parameter(NDArray.empty(embedDim, embedDim)));
            kProjWeight = registerParameter("k_proj_weight", new Parameter(NDArray.empty(embedDim, this.kdim)));
            vProjWeight = registerParameter("v_proj_weight", new Parameter(NDArray.empty(embedDim, this.vdim)));
        }
        inProjBias = registerParameter("in_proj_bias", bias ? new Parameter(NDArray.empty(3 * embedDim)) : null);
        // PyTorch builds out_proj (drawing its Linear init) before resetting the projections.
        outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias));
        resetParameters();
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean batchFirst) {
        this(embedDim, numHeads, dropout, true, embedDim, embedDim, batchFirst);
    }

    public void resetParameters() {
        if (sameDims) {
            Init.xavierUniform_(inProjWeight, 1);
        } else {
            Init.xavierUniform_(qProjWeight, 1);
            Init.xavierUniform_(kProjWeight, 1);
            Init.xavierUniform_(vProjWeight, 1);
        }
        if (inProjBias != null) {
            Init.zeros_(inProjBias);
            Init.zeros_(outProj.bias);
        }
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        switch (name) {
            case "in_proj_weight" -> inProjWeight = p;
            case "q_proj_weight" -> qProjWeight = p;
            case "k_proj_weight" -> kProjWeight = p;
            case "v_proj_weight" -> vProjWeight = p;
            case "in_proj_bias" -> inProjBias = p;
            default -> {
            }
        }
    }

    /** The attention output and, when asked, the weights (averaged over heads unless told not to). */
    public record Output(Tensor output, Tensor weights) {
    }

    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true, false);
    }

    /**
     * @param keyPaddingMask [N, S] (or [S]): BOOL true where a key is padding, or float added
     * @param attnMask       [L, S] or [N*heads, L, S]: BOOL true where attention is NOT allowed, or float added
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask, boolean averageAttnWeights, boolean isCausal) {
        boolean batched = query.dim() == 3;
        if (query.dim() != 2 && query.dim() != 3) {
            throw new IllegalArgumentException("MultiheadAttention: query should be unbatched 2D or batched 3D tensor,"
                    + " got shape " + Arrays.toString(query.shape()));
        }
        if (key.dim() != query.dim() || value.dim() != query.dim()) {
            throw new IllegalArgumentException("MultiheadAttention: query, key and value must all be batched (3D) or all"
                    + " unbatched (2D), got shapes " + Arrays.toString(query.shape()) + ", "
                    + Arrays.toString(key.shape()) + ", " + Arrays.toString(value.shape()));
        }
        Tensor q = batched ? (batchFirst ? query : query.transpose(0, 1)) : query.unsqueeze(0);
        Tensor k = batched ? (batchFirst ? key : key.transpose(0, 1)) : key.unsqueeze(0);
        Tensor v = batched ? (batchFirst ? value : value.transpose(0, 1)) : value.unsqueeze(0);
        if (q.size(2) != embedDim || k.size(2) != kdim || v.size(2) != vdim) {
            throw new IllegalArgumentException("MultiheadAttention: expected query/key/value feature sizes " + embedDim
                    + "/" + kdim + "/" + vdim + ", got shapes " + Arrays.toString(query.shape()) + ", "
                    + Arrays.toString(key.shape()) + ", " + Arrays.toString(value.shape()));
        }
        if (k.size(0) != q.size(0) || v.size(0) != q.size(0)) {
            throw new IllegalArgumentException("MultiheadAttention: query, key and value must have the same batch size,"
                    + " got shapes " + Arrays.toString(query.shape()) + ", " + Arrays.toString(key.shape()) + ", "
                    + Arrays.toString(value.shape()) + (batchFirst ? " (batch first)" : " (sequence first)"));
        }
        if (k.size(1) != v.size(1)) {
            throw new IllegalArgumentException("MultiheadAttention: key and value must have the same sequence length,"
                    + " got shapes " + Arrays.toString(key.shape()) + " and " + Arrays.toString(value.shape()));
        }
        int n = q.size(0);
        int l = q.size(1);
        int s = k.size(1);
        int headDim = embedDim / numHeads;
        Tensor qh;
        Tensor kh;
        Tensor vh;
        if (sameDims && query == key && key == value) {
            // self-attention: one projection GEMM for q, k and v (PyTorch's packed in-projection)
            Tensor qkv = Functional.linear(q, inProjWeight, inProjBias);
            qh = heads(qkv.narrow(2, 0, embedDim), n, l, headDim);
            kh = heads(qkv.narrow(2, embedDim, embedDim), n, s, headDim);
            vh = heads(qkv.narrow(2, 2 * embedDim, embedDim), n, s, headDim);
        } else {
            Tensor wq = sameDims ? inProjWeight.narrow(0, 0, embedDim) : qProjWeight;
            Tensor wk = sameDims ? inProjWeight.narrow(0, embedDim, embedDim) : kProjWeight;
            Tensor wv = sameDims ? inProjWeight.narrow(0, 2 * embedDim, embedDim) : vProjWeight;
            Tensor bq = inProjBias == null ? null : inProjBias.narrow(0, 0, embedDim);
            Tensor bk = inProjBias == null ? null : inProjBias.narrow(0, embedDim, embedDim);
            Tensor bv = inProjBias == null ? null : inProjBias.narrow(0, 2 * embedDim, embedDim);
            qh = heads(Functional.linear(q, wq, bq), n, l, headDim);
            kh = heads(Functional.linear(k, wk, bk), n, s, headDim);
            vh = heads(Functional.linear(v, wv, bv), n, s, headDim);
        }
        Tensor bias = bias(attnMask, keyPaddingMask, n, l, s, qh.dtype(), batched);
        if (isCausal && bias != null) {
            // A causal flag with explicit masks: the causal bias joins them (PyTorch treats is_causal as a hint
            // that attn_mask is causal; adding it again changes nothing then).
            bias = bias.add(Tensor.of(Attention.causalBias(l, s, qh.dtype(), qh.device())));
        }
        Attention.Result r = Attention.attend(qh, kh, vh, bias, isTraining() ? dropout : 0, isCausal && bias == null,
                Double.NaN, isTraining());
        Tensor out = r.output().transpose(1, 2).reshape(n, l, embedDim);
        out = outProj.forward(out);
        Tensor weights = null;
        if (needWeights) {
            weights = averageAttnWeights ? r.weights().mean(1) : r.weights();
        }
        if (!batched) {
            out = out.squeeze(0);
            weights = weights == null ? null : weights.squeeze(0);
        } else if (!batchFirst) {
            out = out.transpose(0, 1);
        }
        return new Output(out, weights);
    }

    private Tensor heads(Tensor x, int n, int len, int headDim) {
        return x.view(n, len, numHeads, headDim).transpose(1, 2);
    }

    /** The additive bias [N, heads, L, S] (broadcastable) from the masks, or null. */
    private Tensor bias(Tensor attnMask, Tensor keyPaddingMask, int n, int l, int s, DType dtype, boolean batched) {
        Tensor bias = null;
        if (attnMask != null) {
            checkMaskType(attnMask, "attn_mask");
            NDArray m = attnMask.dtype() == DType.BOOL ? Attention.blocked(attnMask.data(), dtype) : attnMask.data();
            if (m.dim() == 2) {
                check(m, new int[] {l, s}, "attn_mask");
            } else {
                check(m, new int[] {n * numHeads, l, s}, "attn_mask");
                m = m.view(n, numHeads, l, s);
            }
            bias = Tensor.of(m);
        }
        if (keyPaddingMask != null) {
            checkMaskType(keyPaddingMask, "key_padding_mask");
            NDArray m = keyPaddingMask.data();
            if (!batched && m.dim() == 1) {
                m = m.unsqueeze(0);
            }
            check(m, new int[] {n, s}, "key_padding_mask");
            NDArray add = m.dtype() == DType.BOOL ? Attention.blocked(m, dtype) : m;
            Tensor kp = Tensor.of(add.view(n, 1, 1, s));
            bias = bias == null ? kp : bias.add(kp);
        }
        return bias;
    }

    /** Integer masks are ambiguous (PyTorch's old uint8 masks meant true = masked), so only bool or float. */
    private static void checkMaskType(Tensor m, String what) {
        if (m.dtype() != DType.BOOL && !m.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("MultiheadAttention: only bool and floating types of " + what
                    + " are supported, got " + m.dtype().torchName());
        }
    }

    private static void check(NDArray m, int[] expected, String what) {
        if (!Arrays.equals(m.shape(), expected)) {
            throw new IllegalArgumentException("MultiheadAttention: expected " + what + " of shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(m.shape()));
        }
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
