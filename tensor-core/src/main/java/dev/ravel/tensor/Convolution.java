package dev.ravel.tensor;

/**
 * 2-D convolution and its two gradients: shape, dtype and device checks with PyTorch's messages;
 * the kernels are the backend's. Inputs may be {@code [C, H, W]} (a batch of one).
 */
final class Convolution {
    private Convolution() {
    }

    static NDArray conv2d(NDArray input, NDArray weight, NDArray bias, Window2d w, int groups) {
        NDArray x = batchedInput("conv2d", input);
        checkOperands("conv2d", x, weight, bias, groups);
        int[] outShape = outputShape("conv2d", x.shape(), weight.shape(), w);
        NDArray out = NDArray.empty(outShape, input.dtype(), input.device());
        input.backend().conv2d(out, x.contiguous(), weight.contiguous(), bias == null ? null : bias.contiguous(), w,
                groups);
        return input.dim() == 3 ? out.squeeze(0) : out;
    }

    static NDArray backwardInput(NDArray gradOutput, NDArray weight, int[] inputShape, Window2d w, int groups) {
        String op = "conv2d_backward_input";
        int[] in = batchedShape(op, inputShape);
        NDArray g = batchedGrad(op, gradOutput, inputShape.length);
        checkWeight(op, in[1], weight, groups);
        checkDtypes(op, g, weight);
        checkGradShape(op, g, outputShape(op, in, weight.shape(), w));
        NDArray gradInput = NDArray.empty(in, gradOutput.dtype(), gradOutput.device());
        gradOutput.backend().conv2dBackwardInput(gradInput, g.contiguous(), weight.contiguous(), w, groups);
        return inputShape.length == 3 ? gradInput.squeeze(0) : gradInput;
    }

    static NDArray backwardWeight(NDArray gradOutput, NDArray input, int[] weightShape, Window2d w, int groups) {
        String op = "conv2d_backward_weight";
        NDArray x = batchedInput(op, input);
        NDArray g = batchedGrad(op, gradOutput, input.dim());
        if (weightShape.length != 4 || weightShape[2] != w.kernelH() || weightShape[3] != w.kernelW()) {
            throw new IllegalArgumentException(op + ": expected a weight shape [out_channels, in_channels/groups, "
                    + w.kernelH() + ", " + w.kernelW() + "], got " + Shapes.str(weightShape));
        }
        checkGroups(op, x.size(1), weightShape, groups);
        checkDtypes(op, g, x);
        checkGradShape(op, g, outputShape(op, x.shape(), weightShape, w));
        NDArray gradWeight = NDArray.empty(weightShape, gradOutput.dtype(), gradOutput.device());
        gradOutput.backend().conv2dBackwardWeight(gradWeight, g.contiguous(), x.contiguous(), w, groups);
        return gradWeight;
    }

    // ---- checks ----

    private static NDArray batchedInput(String op, NDArray x) {
        if (x.dim() == 3) {
            return x.unsqueeze(0);
        }
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected 3D (unbatched) or 4D (batched) input, but got input of"
                    + " size: " + Shapes.str(x.shape()));
        }
        return x;
    }

    private static int[] batchedShape(String op, int[] shape) {
        if (shape.length == 3) {
            return new int[] {1, shape[0], shape[1], shape[2]};
        }
        if (shape.length != 4) {
            throw new IllegalArgumentException(op + ": expected a 3D or 4D input shape, got " + Shapes.str(shape));
        }
        return shape.clone();
    }

    private static NDArray batchedGrad(String op, NDArray g, int inputDim) {
        if (g.dim() != inputDim) {
            throw new IllegalArgumentException(op + ": expected a " + inputDim + "D gradOutput like the input, got "
                    + Shapes.str(g.shape()));
        }
        return g.dim() == 3 ? g.unsqueeze(0) : g;
    }

    private static void checkOperands(String op, NDArray x, NDArray weight, NDArray bias, int groups) {
        checkWeight(op, x.size(1), weight, groups);
        if (bias == null) {
            checkDtypes(op, x, weight);
        } else {
            if (bias.dim() != 1 || bias.size(0) != weight.size(0)) {
                throw new IllegalArgumentException(op + ": expected bias of shape [" + weight.size(0) + "], got "
                        + Shapes.str(bias.shape()));
            }
            checkDtypes(op, x, weight, bias);
        }
    }

    private static void checkWeight(String op, int channels, NDArray weight, int groups) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 4D weight [out_channels, in_channels/groups, kH, kW],"
                    + " but got weight of size " + Shapes.str(weight.shape()));
        }
        checkGroups(op, channels, weight.shape(), groups);
    }

    private static void checkGroups(String op, int channels, int[] weightShape, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": non-positive groups is not supported, got " + groups);
        }
        if (weightShape[1] * groups != channels) {
            throw new IllegalArgumentException(op + ": given groups=" + groups + ", weight of size "
                    + Shapes.str(weightShape) + ", expected input to have " + weightShape[1] * groups
                    + " channels, but got " + channels + " channels instead");
        }
        if (weightShape[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": out_channels (" + weightShape[0]
                    + ") must be divisible by groups (" + groups + ")");
        }
    }

    private static void checkDtypes(String op, NDArray... xs) {
        Elementwise.checkSameDevice(op, xs);
        DType d = xs[0].dtype();
        for (NDArray x : xs) {
            if (!x.dtype().isFloatingPoint() || x.dtype() != d) {
                throw new IllegalArgumentException(op + ": expected floating point operands of one dtype, but got "
                        + java.util.Arrays.stream(xs).map(a -> a.dtype().torchName()).toList());
            }
        }
    }

    private static int[] outputShape(String op, int[] in, int[] weight, Window2d w) {
        if (weight[2] != w.kernelH() || weight[3] != w.kernelW()) {
            throw new IllegalArgumentException(op + ": the window's kernel " + w.kernelH() + "x" + w.kernelW()
                    + " does not match the weight of size " + Shapes.str(weight));
        }
        int oh = w.outH(in[2], false);
        int ow = w.outW(in[3], false);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": calculated padded input size per channel: ("
                    + (in[2] + 2 * w.padH()) + " x " + (in[3] + 2 * w.padW()) + "). Kernel size: ("
                    + ((w.kernelH() - 1) * w.dilationH() + 1) + " x " + ((w.kernelW() - 1) * w.dilationW() + 1)
                    + "). Kernel size can't be greater than actual input size");
        }
        return new int[] {in[0], weight[0], oh, ow};
    }

    private static void checkGradShape(String op, NDArray g, int[] expected) {
        if (!java.util.Arrays.equals(g.shape(), expected)) {
            throw new IllegalArgumentException(op + ": expected gradOutput of size " + Shapes.str(expected) + ", got "
                    + Shapes.str(g.shape()));
        }
    }
}
