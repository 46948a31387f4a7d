package dev.ravel;

import dev.ravel.autograd.AnomalyMode;
import dev.ravel.autograd.Engine;
import dev.ravel.autograd.GradMode;
import dev.ravel.autograd.NnFunctions;
import dev.ravel.tensor.Backends;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Parallelism;
import java.util.List;

/**
 * The {@code torch.*} of Ravel: tensor factories, seeding, grad mode and the free functions.
 *
 * <pre>{@code
 * Ravel.manualSeed(0);
 * Tensor x = Ravel.randn(3, 4).requiresGrad_();
 * try (var g = Ravel.noGrad()) {
 *     Tensor y = x.mul(2);          // not recorded
 * }
 * }</pre>
 */
public final class Ravel {
    private Ravel() {
    }

    // ---- creation ----

    /** A copy of Java data of any rank ({@code float[][]}, {@code long[]}, ...), like torch.tensor. */
    public static Tensor tensor(Object data) { return Tensor.of(NDArray.of(data)); }
    public static Tensor tensor(float... data) { return Tensor.of(NDArray.of(data)); }
    public static Tensor tensor(double... data) { return Tensor.of(NDArray.of(data)); }
    public static Tensor tensor(long... data) { return Tensor.of(NDArray.of(data)); }
    public static Tensor scalar(double value) { return Tensor.of(NDArray.scalar(value)); }
    public static Tensor fromArray(Object flat, int... shape) { return Tensor.of(NDArray.fromArray(flat, shape)); }
    public static Tensor zeros(int... shape) { return Tensor.of(NDArray.zeros(shape)); }
    public static Tensor zeros(DType dtype, int... shape) { return Tensor.of(NDArray.zeros(dtype, shape)); }
    public static Tensor ones(int... shape) { return Tensor.of(NDArray.ones(shape)); }
    public static Tensor ones(DType dtype, int... shape) { return Tensor.of(NDArray.ones(dtype, shape)); }
    public static Tensor empty(int... shape) { return Tensor.of(NDArray.empty(shape)); }
    public static Tensor full(int[] shape, double value) { return Tensor.of(NDArray.full(shape, value)); }
    public static Tensor full(int[] shape, double value, DType dtype) { return Tensor.of(NDArray.full(shape, value, dtype, Device.CPU)); }
    public static Tensor zerosLike(Tensor t) { return Tensor.of(NDArray.zerosLike(t.data())); }
    public static Tensor onesLike(Tensor t) { return Tensor.of(NDArray.onesLike(t.data())); }
    public static Tensor randLike(Tensor t) { return Tensor.of(NDArray.randLike(t.data())); }
    public static Tensor randnLike(Tensor t) { return Tensor.of(NDArray.randnLike(t.data())); }
    public static Tensor arange(long end) { return Tensor.of(NDArray.arange(end)); }
    public static Tensor arange(long start, long end) { return Tensor.of(NDArray.arange(start, end)); }
    public static Tensor arange(long start, long end, long step) { return Tensor.of(NDArray.arange(start, end, step)); }
    public static Tensor arange(double start, double end, double step) { return Tensor.of(NDArray.arange(start, end, step)); }
    public static Tensor linspace(double start, double end, int steps) { return Tensor.of(NDArray.linspace(start, end, steps)); }
    public static Tensor eye(int n) { return Tensor.of(NDArray.eye(n)); }
    public static Tensor rand(int... shape) { return Tensor.of(NDArray.rand(shape)); }
    public static Tensor rand(int[] shape, DType dtype) { return Tensor.of(NDArray.rand(shape, dtype, Generator.defaultGenerator())); }
    public static Tensor randn(int... shape) { return Tensor.of(NDArray.randn(shape)); }
    public static Tensor randn(int[] shape, DType dtype) { return Tensor.of(NDArray.randn(shape, dtype, Generator.defaultGenerator())); }
    public static Tensor randint(long low, long high, int[] shape) { return Tensor.of(NDArray.randint(low, high, shape)); }
    public static Tensor randperm(int n) { return Tensor.of(NDArray.randperm(n)); }

    // ---- random state ----

    /** Seeds the default generator: the same seed gives the same numbers as torch.manual_seed on the CPU. */
    public static Generator manualSeed(long seed) { return Generator.defaultGenerator().manualSeed(seed); }
    public static long seed() { return Generator.defaultGenerator().seed(); }
    public static long initialSeed() { return Generator.defaultGenerator().initialSeed(); }
    public static byte[] getRngState() { return Generator.defaultGenerator().getState(); }
    public static void setRngState(byte[] state) { Generator.defaultGenerator().setState(state); }

    // ---- autograd ----

    /** {@code torch.no_grad()}: ops in the block are not recorded. */
    public static GradMode.Guard noGrad() { return GradMode.disable(); }
    /** {@code torch.enable_grad()}. */
    public static GradMode.Guard enableGrad() { return GradMode.enable(); }
    public static boolean isGradEnabled() { return GradMode.isEnabled(); }
    public static void setGradEnabled(boolean enabled) { GradMode.set(enabled); }

    /** {@code torch.autograd.detect_anomaly()} until closed. */
    public static AutoCloseable detectAnomaly() { return AnomalyMode.enable(); }
    public static void setDetectAnomaly(boolean on) { AnomalyMode.setEnabled(on); }

    /** Gradients of a scalar output with respect to inputs, without touching {@code .grad}. */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return Engine.grad(List.of(output), List.of(inputs), List.of(), false, false, false);
    }

    /** {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)}. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return Engine.grad(outputs, inputs, gradOutputs == null ? List.of() : gradOutputs, retainGraph || createGraph,
                createGraph, allowUnused);
    }

    // ---- functions ----

    public static Tensor cat(List<Tensor> tensors, int dim) { return Tensor.cat(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors, int dim) { return Tensor.stack(tensors, dim); }
    public static Tensor where(Tensor cond, Tensor x, Tensor y) { return Tensor.where(cond, x, y); }
    public static Tensor matmul(Tensor a, Tensor b) { return a.matmul(b); }

    /** 2-D convolution; bias may be null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return NnFunctions.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** Dropout with the default generator; the identity unless training. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return NnFunctions.dropout(x, p, training, Generator.defaultGenerator());
    }

    // ---- threads and devices ----

    public static void setNumThreads(int n) { Parallelism.setNumThreads(n); }
    public static int getNumThreads() { return Parallelism.numThreads(); }
    public static boolean cudaIsAvailable() { return Backends.isAvailable(Device.Type.CUDA); }
}
