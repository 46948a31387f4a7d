package dev.ravel.nn.functional;


import dev.ravel.Tensor;
import dev.ravel.autograd.Autograd;
import dev.ravel.autograd.LinalgFunctions;
import dev.ravel.autograd.NnFunctions;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.Arrays;

/**
 * {@code torch.nn.functional}: the stateless forms of the layers, losses and activations.
 * {@code import static dev.ravel.nn.functional.Functional.*;} reads like {@code F.}.
 */
public final class Functional {
    private Functional() {
    }

    // ---- linear and convolution ----

    /** {@code x @ weight^T + bias} (bias may be null). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.size(-1) != weight.size(-1)) {
            throw new IllegalArgumentException("linear: input of shape " + Arrays.toString(x.shape())
                    + " cannot be multiplied by a weight of shape " + Arrays.toString(weight.shape())
                    + " (in_features " + weight.size(-1) + " != " + x.size(-1) + ")");
        }
        return LinalgFunctions.linear(x, weight, bias);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return NnFunctions.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** 1-D convolution over {@code [N, C, L]} (or {@code [C, L]}): a 2-D one with height 1. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("conv1d: expected 2D (unbatched) or 3D (batched) input to conv1d, but got"
                    + " input of size: " + Arrays.toString(x.shape()));
        }
        Tensor y = NnFunctions.conv2d(x.unsqueeze(-2), weight.unsqueeze(2), bias, new int[] {1, stride},
                new int[] {0, padding}, new int[] {1, dilation}, groups);
        return y.squeeze(-2);
    }

    // ---- pooling ----

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return NnFunctions.maxPool2dValues(x, Window2d.of(kernel, stride, padding), false);
    }

    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, Window2d w, boolean ceilMode) {
        return x.maxPool2d(w, ceilMode);
    }

    public static Tensor avgPool2d(Tensor x, Window2d w, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        return x.avgPool2d(w, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * Adaptive average pooling to {@code outH x outW}: PyTorch's windows
     * {@code [floor(i*H/out), ceil((i+1)*H/out))}, applied as two averaging matrices (one per axis).
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: expected 3D or 4D input, got "
                    + Arrays.toString(x.shape()));
        }
        int h = x.size(-2);
        int w = x.size(-1);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be positive, got " + outH + "x" + outW);
        }
        Tensor rows = Tensor.of(averagingMatrix(outH, h, x.dtype()).to(x.device()));
        Tensor cols = Tensor.of(averagingMatrix(outW, w, x.dtype()).to(x.device()));
        return rows.matmul(x).matmul(cols.t());
    }

    private static NDArray averagingMatrix(int out, int in, DType dtype) {
        double[] m = new double[out * in];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            for (int j = start; j < end; j++) {
                m[i * in + j] = 1.0 / (end - start);
            }
        }
        return NDArray.fromArray(m, out, in).to(dtype);
    }

    // ---- activations ----

    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }
    public static Tensor gelu(Tensor x, String approximate) { return x.gelu(approximate); }
    public static Tensor silu(Tensor x) { return x.silu(); }
    /** {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) { return x.mul(x.softplus().tanh()); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return x.softplus(beta, threshold); }

    // ---- dropout and embedding ----

    public static Tensor dropout(Tensor x, double p, boolean training) {
        return NnFunctions.dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Rows of weight at int64 indices; the result has shape {@code indices.shape + [dim]}. The
     * gradient of the paddingIdx row stays zero (-1 for none).
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding: expected indices of dtype torch.int64, got "
                    + indices.dtype().torchName());
        }
        int rows = weight.size(0);
        NDArray idx = indices.data().reshape(-1);
        if (idx.numel() > 0 && (idx.min().itemLong() < 0 || idx.max().itemLong() >= rows)) {
            throw new IndexOutOfBoundsException("embedding: index " + (idx.min().itemLong() < 0 ? idx.min().itemLong()
                    : idx.max().itemLong()) + " is out of range for an embedding of " + rows + " rows");
        }
        int[] outShape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[indices.dim()] = weight.size(1);
        int[] wShape = weight.shape();
        NDArray out = weight.data().indexSelect(0, idx).view(outShape);
        return Autograd.record("embedding", out, new Tensor[] {weight}, new Tensor[0], (g, s) -> {
            Tensor gw = Tensor.of(NDArray.zeros(wShape, g.dtype(), g.device()))
                    .indexAdd(0, Tensor.of(idx), g.reshape(-1, wShape[1]));
            if (paddingIdx >= 0) {
                gw = gw.maskedFill(Tensor.of(NDArray.arange(wShape[0]).eq((long) paddingIdx).unsqueeze(1)
                        .to(g.device())), 0.0);
            }
            return new Tensor[] {gw};
        });
    }

    // ---- normalisation ----

    /** Batch norm; in training it updates the running statistics in place (momentum as in PyTorch). */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }

    // ---- losses ----

    /** Cross-entropy of logits against class indices (int64) or probabilities, mean over the batch. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    public static Tensor nllLoss(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mseLoss(input, target, Reduction.MEAN); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction r) { return Losses.mseLoss(input, target, r); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1Loss(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction r) { return Losses.l1Loss(input, target, r); }
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction r) { return Losses.huberLoss(input, target, delta, r); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction r) { return Losses.smoothL1Loss(input, target, beta, r); }

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
        return Losses.binaryCrossEntropy(input, target, weight, r);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction r) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, r);
    }

    /** KL divergence; input holds log-probabilities (target too when logTarget). */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        return Losses.klDiv(input, target, r, logTarget);
    }

    // ---- shaping ----

    public static Tensor pad(Tensor x, int[] pad, double value) { return x.pad(pad, value); }
    public static Tensor oneHot(Tensor indices, int numClasses) { return Tensor.of(NDArray.oneHot(indices.data(), numClasses)); }
    public static Tensor unfold(Tensor x, Window2d w) { return x.unfold(w); }
    public static Tensor fold(Tensor x, int outH, int outW, Window2d w) { return x.fold(outH, outW, w); }

}
