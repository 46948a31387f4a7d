package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.autograd.NnFunctions;
import dev.ravel.tensor.Window2d;

/** Max pooling; stride defaults to the kernel size. */
public class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean ceilMode;
    private final Window2d window;

    public MaxPool2d(int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
        this.window = new Window2d(kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0, 1, false);
    }

    @Override
    public Tensor forward(Tensor input) {
        return NnFunctions.maxPool2dValues(input, window, ceilMode);
    }

    /** Values and the flat indices PyTorch's return_indices gives. */
    public Tensor.ValuesIndices forwardWithIndices(Tensor input) {
        return input.maxPool2d(window, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + PyRepr.bool(ceilMode);
    }
}
