package dev.ravel.tensor;

/** unfold/fold and 2-D pooling: shape rules and checks; im2col/col2im/pool loops in the backend. */
final class Windows {
    private Windows() {
    }

    /** Accepts {@code [C, H, W]} as a batch of one; returns the 4-D view. */
    private static NDArray batched(String op, NDArray x) {
        if (x.dim() == 3) {
            return x.unsqueeze(0);
        }
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected 3D (unbatched) or 4D (batched) input, but got input of"
                    + " shape " + Shapes.str(x.shape()));
        }
        return x;
    }

    private static void requireFloat(String op, NDArray x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + x.dtype().torchName());
        }
    }

    static NDArray unfold(NDArray x, Window2d w) {
        requireFloat("unfold", x);
        NDArray in = batched("unfold", x).contiguous();
        int n = in.size(0);
        int c = in.size(1);
        int oh = w.outH(in.size(2), false);
        int ow = w.outW(in.size(3), false);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("unfold: given input with spatial size " + in.size(2) + "x" + in.size(3)
                    + ", " + w + " gives a non-positive output size " + oh + "x" + ow);
        }
        NDArray cols = NDArray.empty(new int[] {n, c * w.kernelH() * w.kernelW(), oh * ow}, x.dtype(), x.device());
        x.backend().im2col(cols, in, w);
        return x.dim() == 3 ? cols.squeeze(0) : cols;
    }

    static NDArray fold(NDArray cols, int outH, int outW, Window2d w) {
        requireFloat("fold", cols);
        NDArray c3;
        if (cols.dim() == 2) {
            c3 = cols.unsqueeze(0);
        } else if (cols.dim() == 3) {
            c3 = cols;
        } else {
            throw new IllegalArgumentException("fold: expected 2D or 3D (batched) input, got shape "
                    + Shapes.str(cols.shape()));
        }
        int k = w.kernelH() * w.kernelW();
        if (c3.size(1) % k != 0) {
            throw new IllegalArgumentException("fold: expected size of input's dimension 1 to be divisible by the"
                    + " product of kernel_size (" + k + "), but got input.size(1)=" + c3.size(1));
        }
        int oh = w.outH(outH, false);
        int ow = w.outW(outW, false);
        if (c3.size(2) != oh * ow) {
            throw new IllegalArgumentException("fold: given output_size=(" + outH + ", " + outW + "), " + w
                    + ", expected size of input's dimension 2 to match the calculated number of sliding blocks "
                    + oh + " * " + ow + " = " + oh * ow + ", but got input.size(2)=" + c3.size(2));
        }
        NDArray out = NDArray.zeros(new int[] {c3.size(0), c3.size(1) / k, outH, outW}, cols.dtype(), cols.device());
        cols.backend().col2im(out, c3.contiguous(), w);
        return cols.dim() == 2 ? out.squeeze(0) : out;
    }

    private static void checkPoolPadding(String op, Window2d w) {
        int effH = (w.kernelH() - 1) * w.dilationH() + 1;
        int effW = (w.kernelW() - 1) * w.dilationW() + 1;
        if (w.padH() > effH / 2 || w.padW() > effW / 2) {
            throw new IllegalArgumentException(op + ": pad should be at most half of effective kernel size, but got "
                    + "pad=(" + w.padH() + ", " + w.padW() + "), kernel_size=(" + w.kernelH() + ", " + w.kernelW()
                    + ") and dilation=(" + w.dilationH() + ", " + w.dilationW() + ")");
        }
    }

    private static int[] poolShape(String op, NDArray in, Window2d w, boolean ceilMode) {
        int oh = w.outH(in.size(2), ceilMode);
        int ow = w.outW(in.size(3), ceilMode);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": given input size (" + in.size(1) + "x" + in.size(2) + "x"
                    + in.size(3) + "), calculated output size (" + in.size(1) + "x" + oh + "x" + ow + ") is too small");
        }
        return new int[] {in.size(0), in.size(1), oh, ow};
    }

    /** Max pooling; the indices (null when not asked for) are what its gradient needs. */
    static ValuesIndices maxPool2d(NDArray x, Window2d w, boolean ceilMode, boolean withIndices) {
        requireFloat("max_pool2d", x);
        checkPoolPadding("max_pool2d", w);
        NDArray in = batched("max_pool2d", x).contiguous();
        int[] shape = poolShape("max_pool2d", in, w, ceilMode);
        NDArray out = NDArray.empty(shape, x.dtype(), x.device());
        NDArray idx = withIndices ? NDArray.empty(shape, DType.INT64, x.device()) : null;
        x.backend().maxPool2d(out, idx, in, w);
        if (x.dim() == 3) {
            return new ValuesIndices(out.squeeze(0), idx == null ? null : idx.squeeze(0));
        }
        return new ValuesIndices(out, idx);
    }

    static NDArray maxPool2dBackward(NDArray gradOutput, NDArray indices, int[] inputShape) {
        int[] in = inputShape.length == 3 ? new int[] {1, inputShape[0], inputShape[1], inputShape[2]} : inputShape;
        if (in.length != 4) {
            throw new IllegalArgumentException("max_pool2d_backward: expected a 3D or 4D input shape, got "
                    + Shapes.str(inputShape));
        }
        int n = in[0];
        int c = in[1];
        int[] g = gradOutput.shape();
        int[] lead = g.length == 4 ? new int[] {g[0], g[1]} : g.length == 3 ? new int[] {1, g[0]} : null;
        if (!java.util.Arrays.equals(g, indices.shape()) || g.length != inputShape.length
                || !java.util.Arrays.equals(lead, new int[] {n, c})) {
            throw new IllegalArgumentException("max_pool2d_backward: expected gradOutput and indices of one shape, with"
                    + " the batch and channels of the input " + Shapes.str(inputShape) + ", got gradOutput "
                    + Shapes.str(g) + " and indices " + Shapes.str(indices.shape()));
        }
        requireFloat("max_pool2d_backward", gradOutput);
        if (indices.dtype() != DType.INT64 || !indices.device().equals(gradOutput.device())) {
            throw new IllegalArgumentException("max_pool2d_backward: expected int64 indices on the gradient's device "
                    + gradOutput.device() + ", got " + indices.dtype().torchName() + " on " + indices.device());
        }
        int[] out4 = g.length == 4 ? g : new int[] {1, g[0], g[1], g[2]};
        NDArray grad = NDArray.empty(in, gradOutput.dtype(), gradOutput.device());
        gradOutput.backend().maxPool2dBackward(grad, gradOutput.contiguous().view(out4), indices.contiguous().view(out4));
        return grad.view(inputShape);
    }

    static NDArray avgPool2d(NDArray x, Window2d w, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        requireFloat("avg_pool2d", x);
        checkPoolPadding("avg_pool2d", w);
        if (w.dilationH() != 1 || w.dilationW() != 1) {
            throw new IllegalArgumentException("avg_pool2d: dilation is not supported, got " + w);
        }
        if (divisorOverride < 0) {
            throw new IllegalArgumentException("avg_pool2d: divisor must be not zero or negative, got " + divisorOverride);
        }
        NDArray in = batched("avg_pool2d", x).contiguous();
        NDArray out = NDArray.empty(poolShape("avg_pool2d", in, w, ceilMode), x.dtype(), x.device());
        x.backend().avgPool2d(out, in, w, countIncludePad, divisorOverride);
        return x.dim() == 3 ? out.squeeze(0) : out;
    }

    static NDArray avgPool2dBackward(NDArray gradOutput, int[] inputShape, Window2d w, boolean ceilMode,
                                     boolean countIncludePad, int divisorOverride) {
        int[] in = inputShape.length == 3 ? new int[] {1, inputShape[0], inputShape[1], inputShape[2]} : inputShape;
        NDArray g = gradOutput.dim() == 3 ? gradOutput.unsqueeze(0) : gradOutput;
        if (in.length != 4 || gradOutput.dim() != inputShape.length || !java.util.Arrays.equals(g.shape(),
                new int[] {in[0], in[1], w.outH(in[2], ceilMode), w.outW(in[3], ceilMode)})) {
            throw new IllegalArgumentException("avg_pool2d_backward: gradOutput " + Shapes.str(gradOutput.shape())
                    + " does not match the pooled shape of input " + Shapes.str(inputShape) + " with " + w
                    + (ceilMode ? " in ceil mode" : ""));
        }
        NDArray gradInput = NDArray.zeros(in, gradOutput.dtype(), gradOutput.device());
        gradOutput.backend().avgPool2dBackward(gradInput, g.contiguous(), w, countIncludePad, divisorOverride);
        return gradInput.view(inputShape);
    }
}
