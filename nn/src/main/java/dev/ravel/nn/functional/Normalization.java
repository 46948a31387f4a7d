package dev.ravel.nn.functional;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import java.util.Arrays;

/** Batch, layer and group normalisation as compositions of differentiable ops. */
final class Normalization {
    private Normalization() {
    }

    /** Shape [1, C, 1, ...] to broadcast a per-channel vector over an input of this rank. */
    private static int[] channelShape(int rank, int channels) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[1] = channels;
        return s;
    }

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batch_norm: expected 2D or more input (got " + x.dim() + "D input)");
        }
        int c = x.size(1);
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) {
            dims[i - 1] = i;
        }
        int[] cs = channelShape(x.dim(), c);
        Tensor mean;
        Tensor var;
        if (training || runningMean == null) {
            int perChannel = x.numel() / Math.max(c, 1);
            if (training && perChannel <= 1) {
                throw new IllegalArgumentException("batch_norm: expected more than 1 value per channel when training,"
                        + " got input size " + Arrays.toString(x.shape()));
            }
            mean = x.mean(dims, true);
            var = x.var(dims, 0, true);
            if (training && runningMean != null) {
                try (var g = Ravel.noGrad()) {
                    double unbias = perChannel / (double) (perChannel - 1);
                    runningMean.data().mul_(1 - momentum).add_(mean.data().reshape(c), momentum);
                    runningVar.data().mul_(1 - momentum).add_(var.data().reshape(c).mul(unbias), momentum);
                }
            }
        } else {
            mean = Tensor.of(runningMean.data().reshape(cs));
            var = Tensor.of(runningVar.data().reshape(cs));
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight.view(cs));
        }
        if (bias != null) {
            y = y.add(bias.view(cs));
        }
        return y;
    }

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        int[] shape = x.shape();
        boolean ok = shape.length >= k;
        for (int i = 0; ok && i < k; i++) {
            ok = shape[shape.length - k + i] == normalizedShape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("layer_norm: given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + Arrays.toString(normalizedShape).replace("[", "")
                    + ", but got input of size " + Arrays.toString(shape));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return y;
    }

    static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("group_norm: expected at least 2 dims, got input of size "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("group_norm: expected number of channels in input to be divisible by"
                    + " num_groups, but got input of shape " + Arrays.toString(x.shape()) + " and num_groups=" + groups);
        }
        Tensor g = x.reshape(n, groups, -1);
        Tensor mean = g.mean(new int[] {2}, true);
        Tensor var = g.var(new int[] {2}, 0, true);
        Tensor y = g.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.shape());
        int[] cs = channelShape(x.dim(), c);
        if (weight != null) {
            y = y.mul(weight.view(cs));
        }
        if (bias != null) {
            y = y.add(bias.view(cs));
        }
        return y;
    }
}
