package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.Arrays;

import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * Window ops (unfold/fold, pooling), convolution and dropout. Every backward is written in ops
 * that are themselves recorded (Tensor ops, or linear ops of their own), so it can be
 * differentiated again.
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

    // max_pool2d: grad added at the argmax of each window; that is linear in grad, and its own
    // backward gathers at the same indices
    public static Tensor.ValuesIndices maxPool2d(Tensor x, Window2d w, boolean ceilMode) {
        int[] in = x.shape();
        dev.ravel.tensor.ValuesIndices vi = x.data().maxPool2d(w, ceilMode);
        Tensor indices = Tensor.of(vi.indices());
        Tensor values = record("max_pool2d", vi.values(), in(x), NONE,
                (g, s) -> in(maxPool2dBackward(g, indices, in)));
        return new Tensor.ValuesIndices(values, indices);
    }

    private static Tensor maxPool2dBackward(Tensor g, Tensor indices, int[] in) {
        NDArray r = NDArray.maxPool2dBackward(g.data(), indices.data(), in);
        int[] gShape = g.shape();
        int planes = in.length == 4 ? in[0] * in[1] : in[0];
        return record("max_pool2d_backward", r, in(g), NONE,
                (gg, s) -> in(gg.reshape(planes, -1).gather(1, indices.reshape(planes, -1)).view(gShape)));
    }

    /** The values of {@link #maxPool2d}; without a graph to record, the indices are never computed. */
    public static Tensor maxPool2dValues(Tensor x, Window2d w, boolean ceilMode) {
        if (!Autograd.needsGraph(x)) {
            return Tensor.of(x.data().maxPool2dValues(w, ceilMode));
        }
        return maxPool2d(x, w, ceilMode).values();
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
     * weight {@code [O, C/groups, kh, kw]}, optional bias {@code [O]}.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected a 4D weight [out_channels, in_channels/groups, kH, kW],"
                    + " but got weight of size " + Arrays.toString(weight.shape()));
        }
        Window2d win = new Window2d(weight.size(2), weight.size(3), stride[0], stride[1], padding[0], padding[1],
                dilation[0], dilation[1]);
        return convolution(input, weight, bias, win, groups);
    }

    // The convolution and its two gradients form a closed family: each one's backward is made of the
    // other two (all bilinear), so gradients of any order come from these three kernels.

    private static Tensor convolution(Tensor x, Tensor weight, Tensor bias, Window2d win, int groups) {
        NDArray y = x.data().conv2d(weight.data(), bias == null ? null : bias.data(), win, groups);
        int[] xShape = x.shape();
        int[] wShape = weight.shape();
        boolean needX = x.requiresGrad();
        boolean needW = weight.requiresGrad();
        int[] spatial = x.dim() == 4 ? new int[] {0, 2, 3} : new int[] {1, 2};
        return record("convolution", y, in(x, weight, bias), in(x, weight), (g, s) -> {
            Tensor gc = g.contiguous();   // once for both kernels (sum().backward() gives an expanded one)
            Tensor[] grads = in(needX ? convolutionBackwardInput(gc, s[1], xShape, win, groups) : null,
                    needW ? convolutionBackwardWeight(gc, s[0], wShape, win, groups) : null,
                    bias == null ? null : gc.sum(spatial, false));
            if (gc != g) {
                Autograd.discardTemporary(gc);
            }
            return grads;
        });
    }

    /** {@code J_x^T g}: linear in g and in the weight; {@code <h, result> = <conv(h, w), g>}. */
    private static Tensor convolutionBackwardInput(Tensor g, Tensor w, int[] xShape, Window2d win, int groups) {
        NDArray r = NDArray.conv2dBackwardInput(g.data(), w.data(), xShape, win, groups);
        boolean needG = g.requiresGrad();
        boolean needW = w.requiresGrad();
        int[] wShape = w.shape();
        return record("convolution_backward_input", r, in(g, w), in(g, w), (h, s) -> in(
                needG ? convolution(h, s[1], null, win, groups) : null,
                needW ? convolutionBackwardWeight(s[0], h, wShape, win, groups) : null));
    }

    /** {@code J_w^T g}: linear in g and in the input; {@code <h, result> = <conv(x, h), g>}. */
    private static Tensor convolutionBackwardWeight(Tensor g, Tensor x, int[] wShape, Window2d win, int groups) {
        NDArray r = NDArray.conv2dBackwardWeight(g.data(), x.data(), wShape, win, groups);
        boolean needG = g.requiresGrad();
        boolean needX = x.requiresGrad();
        int[] xShape = x.shape();
        return record("convolution_backward_weight", r, in(g, x), in(g, x), (h, s) -> in(
                needG ? convolution(s[1], h, null, win, groups) : null,
                needX ? convolutionBackwardInput(s[0], h, xShape, win, groups) : null));
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
