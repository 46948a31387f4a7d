package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * Window ops (unfold/fold, pooling), convolution and dropout. Convolution is unfold + matmul,
 * so its gradients (and second derivatives) come from those two; pooling backwards are written
 * in Tensor ops or as linear ops of their own, so they can be differentiated again.
 */
public final class NnFunctions {
    private static final Tensor[] NONE = new Tensor[0];

    private NnFunctions() {
    }

    // unfold (im2col): its backward is fold (col2im), and the other way round
    public static Tensor unfold(Tensor x, Window2d w) {
        int h = x.size(-2);
        int wd = x.size(-1);
        return record("im2col", x.data().unfold(w), in(x), NONE, (g, s) -> in(g.fold(h, wd, w)));
    }

    public static Tensor fold(Tensor cols, int outH, int outW, Window2d w) {
        return record("col2im", cols.data().fold(outH, outW, w), in(cols), NONE, (g, s) -> in(g.unfold(w)));
    }

    // max_pool2d: grad added at the argmax of each window (scatter_add, differentiable in grad)
    public static Tensor.ValuesIndices maxPool2d(Tensor x, Window2d w, boolean ceilMode) {
        int[] in = x.shape();
        dev.ravel.tensor.ValuesIndices vi = x.data().maxPool2d(w, ceilMode);
        Tensor indices = Tensor.of(vi.indices());
        Tensor values = record("max_pool2d", vi.values(), in(x), NONE, (g, s) -> {
            int planes = in.length == 4 ? in[0] * in[1] : in[0];
            Tensor z = Tensor.of(NDArray.zeros(new int[] {planes, in[in.length - 2] * in[in.length - 1]}, g.dtype(),
                    g.device()));
            return in(z.scatterAdd(1, indices.reshape(planes, -1), g.reshape(planes, -1)).view(in));
        });
        return new Tensor.ValuesIndices(values, indices);
    }

    // avg_pool2d: its backward spreads grad / divisor over each window; that is linear, and its own
    // backward is avg_pool2d again
    public static Tensor avgPool2d(Tensor x, Window2d w, boolean ceilMode, boolean countIncludePad, int divisor) {
        int[] in = x.shape();
        return record("avg_pool2d", x.data().avgPool2d(w, ceilMode, countIncludePad, divisor), in(x), NONE,
                (g, s) -> in(avgPool2dBackward(g, in, w, ceilMode, countIncludePad, divisor)));
    }

    private static Tensor avgPool2dBackward(Tensor g, int[] in, Window2d w, boolean ceilMode, boolean countIncludePad,
                                            int divisor) {
        NDArray r = NDArray.avgPool2dBackward(g.data(), in, w, ceilMode, countIncludePad, divisor);
        return record("avg_pool2d_backward", r, in(g), NONE,
                (gg, s) -> in(gg.avgPool2d(w, ceilMode, countIncludePad, divisor)));
    }

    /**
     * 2-D convolution (cross-correlation, as PyTorch): input {@code [N, C, H, W]} or {@code [C, H, W]},
     * weight {@code [O, C/groups, kh, kw]}, optional bias {@code [O]}. Computed as unfold + matmul.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected 3D (unbatched) or 4D (batched) input to conv2d, but got"
                    + " input of size: " + Arrays.toString(input.shape()));
        }
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4D weight [out_channels, in_channels/groups, kH, kW],"
                    + " but got weight of size " + Arrays.toString(weight.shape()));
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: non-positive groups is not supported, got " + groups);
        }
        Tensor x = input.dim() == 4 ? input : input.unsqueeze(0);
        int c = x.size(1);
        int out = weight.size(0);
        int kh = weight.size(2);
        int kw = weight.size(3);
        if (weight.size(1) * groups != c) {
            throw new IllegalArgumentException("conv2d: given groups=" + groups + ", weight of size "
                    + Arrays.toString(weight.shape()) + ", expected input" + Arrays.toString(x.shape()) + " to have "
                    + weight.size(1) * groups + " channels, but got " + c + " channels instead");
        }
        if (out % groups != 0) {
            throw new IllegalArgumentException("conv2d: out_channels (" + out + ") must be divisible by groups ("
                    + groups + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("conv2d: expected bias of shape [" + out + "], got "
                    + Arrays.toString(bias.shape()));
        }
        Window2d win = new Window2d(kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        int oh = win.outH(x.size(2), false);
        int ow = win.outW(x.size(3), false);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("conv2d: calculated padded input size per channel: ("
                    + (x.size(2) + 2 * padding[0]) + " x " + (x.size(3) + 2 * padding[1]) + "). Kernel size: ("
                    + ((kh - 1) * dilation[0] + 1) + " x " + ((kw - 1) * dilation[1] + 1)
                    + "). Kernel size can't be greater than actual input size");
        }
        Tensor cols = x.unfold(win);
        Tensor y;
        if (groups == 1) {
            y = weight.reshape(out, -1).matmul(cols);
        } else {
            int rows = c / groups * kh * kw;
            int og = out / groups;
            List<Tensor> parts = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                parts.add(weight.narrow(0, g * og, og).reshape(og, -1).matmul(cols.narrow(1, g * rows, rows)));
            }
            y = Tensor.cat(parts, 1);
        }
        if (bias != null) {
            y = y.add(bias.view(1, out, 1));
        }
        y = y.view(x.size(0), out, oh, ow);
        return input.dim() == 4 ? y : y.squeeze(0);
    }

    /**
     * Dropout as PyTorch's CPU path: a Bernoulli(1 - p) mask scaled by 1 / (1 - p), drawn from
     * {@code g}, multiplied in; the identity when not training.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0L);
        }
        NDArray noise = NDArray.empty(x.shape(), x.dtype(), x.device());
        noise.bernoulli_(1 - p, g).div_(1 - p);
        return x.mul(Tensor.of(noise));
    }
}
