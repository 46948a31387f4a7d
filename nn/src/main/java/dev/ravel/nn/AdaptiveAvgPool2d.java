package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;

/** Average pooling to a fixed output size, whatever the input size. */
public class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveAvgPool2d(input, outH, outW);
    }

    @Override
    public String extraRepr() {
        return "output_size=" + (outH == outW ? Integer.toString(outH) : PyRepr.pair(outH, outW));
    }
}
