package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Shapes;
import java.util.Arrays;

/**
 * Scaled dot-product attention, {@code softmax(q k^T * scale + bias) v}, built from differentiable
 * ops (batched matmul, softmax, dropout). Masks become an additive bias: a boolean
 * {@code attnMask} here marks the positions that MAY attend (PyTorch's scaled_dot_product_attention
 * convention), a float mask is added as is, and {@code isCausal} blocks the future.
 */
public final class Attention {
    private Attention() {
    }

    /** The output and (post-dropout) attention weights. */
    public record Result(Tensor output, Tensor weights) {
    }

    /**
     * @param q [..., L, E], k [..., S, E], v [..., S, Ev]
     * @param attnMask null, BOOL (true = may attend) or float, broadcastable to [..., L, S]
     * @param scale    NaN for 1/sqrt(E)
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP,
                                                   boolean isCausal, double scale) {
        Tensor bias = null;
        if (attnMask != null) {
            bias = attnMask.dtype() == DType.BOOL ? Tensor.of(blocked(attnMask.data().logicalNot(), q.dtype())) : attnMask;
        }
        return attend(q, k, v, bias, dropoutP, isCausal, scale, true).output();
    }

    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return scaledDotProductAttention(q, k, v, null, 0, false, Double.NaN);
    }

    /** -inf where {@code notAllowed}, 0 elsewhere. */
    static NDArray blocked(NDArray notAllowed, DType dtype) {
        return NDArray.zeros(notAllowed.shape(), dtype, notAllowed.device()).maskedFill(notAllowed, Double.NEGATIVE_INFINITY);
    }

    /** The causal bias for L queries and S keys: -inf above the diagonal. */
    static NDArray causalBias(int l, int s, DType dtype, dev.ravel.tensor.Device device) {
        NDArray future = NDArray.ones(new int[] {l, s}, DType.BOOL, device).triu(1);
        return blocked(future, dtype);
    }

    /** The shared core; {@code bias} is additive (or null). Dropout applies only when p > 0 and training. */
    static Result attend(Tensor q, Tensor k, Tensor v, Tensor bias, double dropoutP, boolean isCausal, double scale,
                         boolean training) {
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
            throw new IllegalArgumentException("scaled_dot_product_attention: query, key and value must be at least 2-D"
                    + " ([..., L, E], [..., S, E], [..., S, Ev]), got " + Arrays.toString(q.shape()) + ", "
                    + Arrays.toString(k.shape()) + " and " + Arrays.toString(v.shape()));
        }
        if (q.size(-1) != k.size(-1)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: query and key must have the same embedding"
                    + " size, got " + Arrays.toString(q.shape()) + " and " + Arrays.toString(k.shape()));
        }
        if (k.size(-2) != v.size(-2)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: key and value must have the same sequence"
                    + " length, got " + Arrays.toString(k.shape()) + " and " + Arrays.toString(v.shape()));
        }
        if (isCausal && bias != null) {
            throw new IllegalArgumentException("scaled_dot_product_attention: explicit attn_mask should not be set when"
                    + " is_causal=True");
        }
        double s = Double.isNaN(scale) ? 1.0 / Math.sqrt(q.size(-1)) : scale;
        Tensor scores = q.matmul(k.mT()).mul(s);
        if (isCausal) {
            scores = scores.add(Tensor.of(causalBias(q.size(-2), k.size(-2), scores.dtype(), scores.device())));
        } else if (bias != null) {
            int[] shape = scores.shape();
            boolean fits;
            try {
                fits = Arrays.equals(Shapes.broadcast("scaled_dot_product_attention", bias.shape(), shape), shape);
            } catch (IllegalArgumentException e) {
                fits = false;
            }
            if (!fits) {
                throw new IllegalArgumentException("scaled_dot_product_attention: attn_mask of shape "
                        + Arrays.toString(bias.shape()) + " cannot be broadcast to the attention scores of shape "
                        + Arrays.toString(shape) + " ([..., L, S])");
            }
            scores = scores.add(bias);
        }
        Tensor w = scores.softmax(-1);
        if (dropoutP > 0) {
            w = Functional.dropout(w, dropoutP, training);
        }
        return new Result(w.matmul(v), w);
    }

    /** Sinusoidal position encodings {@code [maxLen, dModel]}: sin on even, cos on odd features (Vaswani et al.). */
    public static Tensor sinusoidalPositionalEncoding(int maxLen, int dModel) {
        double[] pe = new double[maxLen * dModel];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int i = 0; i < dModel; i += 2) {
                double freq = Math.exp(-Math.log(10000.0) * i / dModel);
                pe[pos * dModel + i] = Math.sin(pos * freq);
                if (i + 1 < dModel) {
                    pe[pos * dModel + i + 1] = Math.cos(pos * freq);
                }
            }
        }
        return Tensor.of(NDArray.fromArray(pe, maxLen, dModel).to(DType.FLOAT32));
    }
}
