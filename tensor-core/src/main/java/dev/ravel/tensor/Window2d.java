package dev.ravel.tensor;

/**
 * A 2-D sliding window: kernel size, stride, zero padding and dilation, as unfold/fold,
 * convolution and pooling take them (PyTorch's order: height first).
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                       int dilationH, int dilationW) {

    public Window2d {
        if (kernelH <= 0 || kernelW <= 0) {
            throw new IllegalArgumentException("kernel size should be greater than zero, but got kernelH: " + kernelH
                    + " kernelW: " + kernelW);
        }
        if (strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("stride should be greater than zero, but got strideH: " + strideH
                    + " strideW: " + strideW);
        }
        if (dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("dilation should be greater than zero, but got dilationH: " + dilationH
                    + " dilationW: " + dilationW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding should be non-negative, but got padH: " + padH + " padW: " + padW);
        }
    }

    /** A square window with the given kernel, stride and padding, dilation 1. */
    public static Window2d of(int kernel, int stride, int padding) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, 1, 1);
    }

    /** Output height for an input height; ceil mode lets the last window start inside the input or left padding. */
    public int outH(int h, boolean ceilMode) {
        return outSize(h, kernelH, strideH, padH, dilationH, ceilMode);
    }

    public int outW(int w, boolean ceilMode) {
        return outSize(w, kernelW, strideW, padW, dilationW, ceilMode);
    }

    static int outSize(int in, int k, int s, int p, int d, boolean ceil) {
        long span = (long) in + 2L * p - (long) d * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        long out = (ceil ? Math.ceilDiv(span, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return (int) out;
    }
}
