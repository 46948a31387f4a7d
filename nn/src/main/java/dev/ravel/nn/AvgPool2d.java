package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.tensor.Window2d;

/** Average pooling; stride defaults to the kernel size; count_include_pad as PyTorch (true by default). */
public class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final int divisorOverride;
    private final Window2d window;

    public AvgPool2d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        this.window = Window2d.of(kernel, stride, padding);
    }

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, false, true, 0);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.avgPool2d(window, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
