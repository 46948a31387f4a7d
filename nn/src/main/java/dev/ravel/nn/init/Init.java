package dev.ravel.nn.init;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;

/**
 * {@code torch.nn.init}: fills a tensor in place (without recording a graph) and returns it. Fans
 * and gains are computed exactly as PyTorch does, and the draws come from the same generator
 * stream, so after the same seed a layer initialises to PyTorch's values.
 */
public final class Init {
    private Init() {
    }

    /** Fan-in and fan-out: {@code size(1) * receptive field} and {@code size(0) * receptive field}. */
    public record Fans(int fanIn, int fanOut) {
    }

    public static Fans fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("init: fan in and fan out can not be computed for tensor with fewer than"
                    + " 2 dimensions (shape " + java.util.Arrays.toString(t.shape()) + ")");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new Fans(t.size(1) * receptive, t.size(0) * receptive);
    }

    /** The recommended gain for a nonlinearity ("linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"). */
    public static double calculateGain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + (Double.isNaN(param) ? 0.01 : param) * (Double.isNaN(param) ? 0.01 : param)));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("calculate_gain: unsupported nonlinearity " + nonlinearity);
        };
    }

    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    private static Generator gen() {
        return Generator.defaultGenerator();
    }

    public static Tensor uniform_(Tensor t, double a, double b) {
        t.data().uniform_(a, b, gen());
        return t;
    }

    public static Tensor normal_(Tensor t, double mean, double std) {
        t.data().normal_(mean, std, gen());
        return t;
    }

    public static Tensor constant_(Tensor t, double value) {
        t.data().fill_(value);
        return t;
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    public static Tensor xavierUniform_(Tensor t, double gain) {
        Fans f = fans(t);
        double bound = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform_(t, -bound, bound);
    }

    public static Tensor xavierNormal_(Tensor t, double gain) {
        Fans f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())));
    }

    private static double kaimingStd(Tensor t, double a, String mode, String nonlinearity) {
        Fans f = fans(t);
        int fan = switch (mode) {
            case "fan_in" -> f.fanIn();
            case "fan_out" -> f.fanOut();
            default -> throw new IllegalArgumentException("kaiming: mode " + mode + " not supported, please use one of"
                    + " fan_in, fan_out");
        };
        double gain = calculateGain(nonlinearity, a);
        return gain / Math.sqrt(fan);
    }

    /**
     * PyTorch's default init of a weight and optional bias (Linear and convolutions): kaiming-uniform
     * with a = sqrt(5) for the weight, uniform in +-1/sqrt(fan_in) for the bias, drawn in that order.
     */
    public static void defaultLayerInit(Tensor weight, Tensor bias) {
        kaimingUniform_(weight, Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias != null) {
            int fanIn = weight.dim() < 2 ? 0 : fans(weight).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform_(bias, -bound, bound);
        }
    }

    /** Kaiming (He) uniform: bound = gain * sqrt(3 / fan); nn layers use a = sqrt(5), "leaky_relu". */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform_(t, -bound, bound);
    }

    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity) {
        return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity));
    }

    /**
     * A (semi-)orthogonal matrix from the QR decomposition of a normal sample, signs fixed by R's
     * diagonal, as PyTorch; tensors of more dims are flattened after the first.
     */
    public static Tensor orthogonal_(Tensor t, double gain) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal_: only tensors with 2 or more dimensions are supported, got "
                    + t.dim());
        }
        int rows = t.size(0);
        int cols = t.numel() / rows;
        // Drawn in the tensor's dtype, as PyTorch's tensor.new(rows, cols).normal_(): float32
        // normals are not float64 normals rounded. The QR then runs in float64.
        DType draw = t.dtype().isFloatingPoint() ? t.dtype() : DType.FLOAT32;
        NDArray flat = NDArray.randn(new int[] {rows, cols}, draw, gen()).to(DType.FLOAT64);
        boolean transposed = rows < cols;
        double[][] a = toMatrix(transposed ? flat.t() : flat);
        double[][] q = Householder.orthonormalColumns(a);
        NDArray qa = NDArray.of(q);
        if (transposed) {
            qa = qa.t();
        }
        t.data().copy_(qa.mul(gain).reshape(t.shape()));
        return t;
    }

    private static double[][] toMatrix(NDArray a) {
        int r = a.size(0);
        int c = a.size(1);
        double[] flat = a.toDoubleArray();
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, m[i], 0, c);
        }
        return m;
    }
}
