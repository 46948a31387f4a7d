package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.init.Init;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

/** 1-D convolution over {@code [N, C, L]}: weight {@code [out, in/groups, k]}; PyTorch's init. */
public class Conv1d extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int kernelSize;
    public final int stride;
    public final int padding;
    public final int dilation;
    public final int groups;
    /** Read-only; replace it with {@code setParameter("weight", p)} (weight tying). */
    public Parameter weight;
    /** Read-only; replace it with {@code setParameter("bias", p)} (weight tying). */
    public Parameter bias;

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias) {
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in_channels (" + inChannels + ") and out_channels ("
                    + outChannels + ") must be divisible by a positive groups (" + groups + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = registerParameter("weight", new Parameter(NDArray.empty(outChannels, inChannels / groups, kernelSize)));
        this.bias = registerParameter("bias", bias ? new Parameter(NDArray.empty(outChannels)) : null);
        resetParameters();
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public void resetParameters() {
        Init.defaultLayerInit(weight, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        int channelDim = input.dim() == 3 ? 1 : 0;
        if ((input.dim() != 2 && input.dim() != 3) || input.size(channelDim) != inChannels) {
            throw new IllegalArgumentException("Conv1d(" + inChannels + ", " + outChannels + "): expected input of shape"
                    + " [N, " + inChannels + ", L] or [" + inChannels + ", L], got " + Arrays.toString(input.shape()));
        }
        return Functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
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
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=(").append(kernelSize).append(",), stride=(").append(stride).append(",)");
        if (padding != 0) {
            sb.append(", padding=(").append(padding).append(",)");
        }
        if (dilation != 1) {
            sb.append(", dilation=(").append(dilation).append(",)");
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
