package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/**
 * 2-D convolution over {@code [N, C, H, W]}: weight {@code [out, in/groups, kh, kw]}, optional bias,
 * stride, padding (numbers, "valid" or "same"), dilation, groups; PyTorch's init.
 */
public class Conv2d extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int[] kernelSize;
    public final int[] stride;
    public final int[] padding;
    public final int[] dilation;
    public final int groups;
    /** "same" padding that cannot be split evenly: pad {left, right, top, bottom} before a padding-0 conv. */
    private final int[] asymmetricPad;
    private final String paddingMode;
    /** Read-only; replace it with {@code setParameter("weight", p)} (weight tying). */
    public Parameter weight;
    /** Read-only; replace it with {@code setParameter("bias", p)} (weight tying). */
    public Parameter bias;

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, null);
    }

    /** Square kernel, stride 1, symmetric padding. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, 1, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** Padding "valid" (none) or "same" (output size = input size; stride must be 1). */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, String padding, int[] dilation, int groups,
                  boolean bias) {
        this(inChannels, outChannels, kernelSize, new int[] {1, 1}, samePadding(padding, kernelSize, dilation), dilation,
                groups, bias, padding);
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                   int groups, boolean bias, String paddingMode) {
        if (groups <= 0) {
            throw new IllegalArgumentException("Conv2d: groups must be a positive integer, got " + groups);
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in_channels (" + inChannels + ") must be divisible by groups ("
                    + groups + ")");
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: out_channels (" + outChannels + ") must be divisible by groups ("
                    + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        this.paddingMode = paddingMode;
        if ("same".equals(paddingMode)) {
            int th = dilation[0] * (kernelSize[0] - 1);
            int tw = dilation[1] * (kernelSize[1] - 1);
            boolean even = th % 2 == 0 && tw % 2 == 0;
            this.padding = even ? new int[] {th / 2, tw / 2} : new int[] {0, 0};
            this.asymmetricPad = even ? null : new int[] {tw / 2, tw - tw / 2, th / 2, th - th / 2};
        } else {
            this.padding = padding.clone();
            this.asymmetricPad = null;
        }
        this.weight = registerParameter("weight", new Parameter(NDArray.empty(outChannels, inChannels / groups,
                kernelSize[0], kernelSize[1])));
        this.bias = registerParameter("bias", bias ? new Parameter(NDArray.empty(outChannels)) : null);
        resetParameters();
    }

    private static int[] samePadding(String padding, int[] kernel, int[] dilation) {
        return switch (padding) {
            case "valid", "same" -> new int[] {0, 0};
            default -> throw new IllegalArgumentException("Conv2d: invalid padding string '" + padding
                    + "', should be one of {'valid', 'same'}");
        };
    }

    public void resetParameters() {
        Init.defaultLayerInit(weight, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        int channelDim = input.dim() == 4 ? 1 : 0;
        if ((input.dim() != 3 && input.dim() != 4) || input.size(channelDim) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + "): expected input of shape"
                    + " [N, " + inChannels + ", H, W] or [" + inChannels + ", H, W], got " + Arrays.toString(input.shape()));
        }
        Tensor x = asymmetricPad == null ? input : input.pad(asymmetricPad, 0);
        return Functional.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected void parameterReplaced(String name, Parameter p) {
        if (name.equals("weight")) {
            weight = p;
        }
        if (name.equals("bias")) {
            bias = p;
        }
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels).append(", ").append(outChannels).append(", kernel_size=")
                .append(PyRepr.pair(kernelSize[0], kernelSize[1])).append(", stride=").append(PyRepr.pair(stride[0], stride[1]));
        if (paddingMode != null) {
            sb.append(", padding=").append(paddingMode);
        } else if (padding[0] != 0 || padding[1] != 0) {
            sb.append(", padding=").append(PyRepr.pair(padding[0], padding[1]));
        }
        if (dilation[0] != 1 || dilation[1] != 1) {
            sb.append(", dilation=").append(PyRepr.pair(dilation[0], dilation[1]));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias == null) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }
}
