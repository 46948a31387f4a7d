package dev.ravel.tensor.cpu;

import dev.ravel.tensor.Backend;
import dev.ravel.tensor.BinaryOp;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Distribution;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.RandomFill;
import dev.ravel.tensor.ReduceOp;
import dev.ravel.tensor.Storage;
import dev.ravel.tensor.UnaryOp;
import dev.ravel.tensor.Window2d;
import java.lang.System.Logger.Level;

/**
 * The CPU backend: heap-array storage, Java kernels (vectorised through {@link FloatKernels}
 * where it pays) and OpenBLAS for GEMM. Kernels are grouped by concern in the classes it
 * delegates to.
 */
public final class CpuBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("dev.ravel.tensor");
    public static final CpuBackend INSTANCE = new CpuBackend();

    private final FloatKernels floatKernels = FloatKernelsProvider.get();
    private final Gemm gemm = loadGemm(floatKernels);
    private final CpuElementwise elementwise = new CpuElementwise(floatKernels);
    private final CpuReductions reductions = new CpuReductions(floatKernels);
    private final CpuMatmul matmul = new CpuMatmul(gemm);
    private final CpuIndexing indexing = new CpuIndexing(elementwise);
    private final CpuWindows windows = new CpuWindows(floatKernels);
    private final CpuConvolution convolution = new CpuConvolution(gemm, floatKernels, loadConvolution(floatKernels));

    /**
     * On x86-64, oneDNN's sgemm for float32 with OpenBLAS for float64; elsewhere (where oneDNN's
     * sgemm was not measured to win) OpenBLAS alone. {@code -Dravel.gemm=dnnl|openblas} chooses;
     * the Java GEMM runs when no native library loads.
     */
    private static Gemm loadGemm(FloatKernels k) {
        Gemm blas;
        try {
            blas = new OpenBlasGemm();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "OpenBLAS could not be loaded (" + t + "); matmul uses the slower Java GEMM");
            blas = new JavaGemm(k);
        }
        String choice = choice("ravel.gemm", "dnnl", "openblas");
        if (choice.equals("dnnl")) {
            try {
                return new PartitionedGemm(new DnnlGemm(blas));
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "oneDNN could not be loaded (" + t + "); float32 matmul uses " + blas.name());
            }
        } else if (!choice.equals("openblas")) {
            LOG.log(Level.WARNING, "ravel.gemm=" + choice + " is not one of dnnl, openblas; using " + blas.name());
        }
        return new PartitionedGemm(blas);
    }

    /**
     * On x86-64, oneDNN's convolution primitives for float32 (measured faster than im2col + GEMM
     * there, see {@link DnnlConvolution}); {@code -Dravel.conv=dnnl|gemm} chooses. Null: im2col + GEMM.
     */
    private static DnnlConvolution loadConvolution(FloatKernels k) {
        String choice = choice("ravel.conv", "dnnl", "gemm");
        if (choice.equals("dnnl")) {
            try {
                return new DnnlConvolution(DnnlLibrary.get(), k);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "oneDNN could not be loaded (" + t + "); convolutions use im2col + GEMM");
            }
        } else if (!choice.equals("gemm")) {
            LOG.log(Level.WARNING, "ravel.conv=" + choice + " is not one of dnnl, gemm; using im2col + GEMM");
        }
        return null;
    }

    /** The system property's value, else its default on x86-64 (where oneDNN was measured) or elsewhere. */
    private static String choice(String property, String onX86, String elsewhere) {
        return System.getProperty(property, System.getProperty("os.arch").matches("amd64|x86_64") ? onX86 : elsewhere);
    }

    /** Which float kernels, GEMM and convolution this process uses, e.g. for benchmark reports. */
    public String describe() {
        return "float kernels: " + floatKernels.name() + ", gemm: " + gemm.name() + ", conv2d: "
                + convolution.describe() + ", threads: " + Parallel.numThreads();
    }

    /** Sets the intra-op thread count (GEMMs included: oneDNN and OpenBLAS themselves always run single-threaded). */
    public void setNumThreads(int n) {
        Parallel.setNumThreads(n);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return CpuStorage.allocate(dtype, length);
    }

    @Override
    public Storage allocateUninitialized(DType dtype, int length) {
        return CpuStorage.allocateUninitialized(dtype, length);
    }

    @Override
    public void recycle(Storage storage) {
        if (storage instanceof CpuStorage s) {
            s.recycle();
        }
    }

    @Override
    public Storage fromHost(Object array) {
        return CpuStorage.wrap(array);
    }

    @Override
    public Object toHost(NDArray src) {
        int n = src.numel();
        Object a = CpuArrays.array(src);
        if (src.isContiguous()) {
            Object out = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
            System.arraycopy(a, src.offset(), out, 0, n);
            return out;
        }
        NDArray dst = NDArray.empty(src.shape(), src.dtype(), Device.CPU);
        elementwise.copy(dst, src);
        return CpuArrays.array(dst);
    }

    @Override
    public void copy(NDArray dst, NDArray src) {
        elementwise.copy(dst, src);
    }

    @Override
    public void unary(UnaryOp op, NDArray dst, NDArray src, double p0, double p1) {
        elementwise.unary(op, dst, src, p0, p1);
    }

    @Override
    public void binary(BinaryOp op, NDArray dst, NDArray a, NDArray b) {
        elementwise.binary(op, dst, a, b);
    }

    @Override
    public void where(NDArray dst, NDArray cond, NDArray a, NDArray b) {
        elementwise.where(dst, cond, a, b);
    }

    @Override
    public void adamStep(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, double beta1, double beta2,
                         double stepSize, double invBc2Sqrt, double eps) {
        elementwise.adamStep(param, grad, expAvg, expAvgSq, beta1, beta2, stepSize, invBc2Sqrt, eps);
    }

    @Override
    public void ternary(dev.ravel.tensor.TernaryOp op, NDArray dst, NDArray a, NDArray b, NDArray c, double beta,
                        double alpha, double scale, double eps) {
        elementwise.ternary(op, dst, a, b, c, beta, alpha, scale, eps);
    }

    @Override
    public void reduce(ReduceOp op, NDArray dst, NDArray src, int[] dims) {
        reductions.reduce(op, dst, src, dims);
    }

    @Override
    public void argReduce(boolean max, NDArray values, NDArray indices, NDArray src, int dim) {
        reductions.argReduce(max, values, indices, src, dim);
    }

    @Override
    public void cumulative(boolean product, NDArray dst, NDArray src, int dim) {
        reductions.cumulative(product, dst, src, dim);
    }

    @Override
    public void softmax(NDArray dst, NDArray src, int dim, boolean log) {
        reductions.softmax(dst, src, dim, log);
    }

    @Override
    public void matmul(NDArray dst, NDArray a, NDArray b, double alpha, double beta) {
        matmul.matmul(dst, a, b, alpha, beta);
    }

    @Override
    public void indexSelect(NDArray dst, NDArray src, int dim, NDArray index) {
        indexing.indexSelect(dst, src, dim, index);
    }

    @Override
    public void gather(NDArray dst, NDArray src, int dim, NDArray index) {
        indexing.gather(dst, src, dim, index);
    }

    @Override
    public void scatter(NDArray dst, int dim, NDArray index, NDArray src, boolean accumulate) {
        indexing.scatter(dst, dim, index, src, accumulate);
    }

    @Override
    public void im2col(NDArray cols, NDArray input, Window2d w) {
        windows.im2col(cols, input, w);
    }

    @Override
    public void col2im(NDArray input, NDArray cols, Window2d w) {
        windows.col2im(input, cols, w);
    }

    @Override
    public void conv2d(NDArray out, NDArray input, NDArray weight, NDArray bias, Window2d w, int groups) {
        convolution.forward(out, input, weight, bias, w, groups);
    }

    @Override
    public void conv2dBackwardInput(NDArray gradInput, NDArray gradOutput, NDArray weight, Window2d w, int groups) {
        convolution.backwardInput(gradInput, gradOutput, weight, w, groups);
    }

    @Override
    public void conv2dBackwardWeight(NDArray gradWeight, NDArray gradOutput, NDArray input, Window2d w, int groups) {
        convolution.backwardWeight(gradWeight, gradOutput, input, w, groups);
    }

    @Override
    public void maxPool2d(NDArray out, NDArray indices, NDArray input, Window2d w) {
        windows.maxPool2d(out, indices, input, w);
    }

    @Override
    public void maxPool2dBackward(NDArray gradInput, NDArray gradOutput, NDArray indices) {
        windows.maxPool2dBackward(gradInput, gradOutput, indices);
    }

    @Override
    public void avgPool2d(NDArray out, NDArray input, Window2d w, boolean countIncludePad, int divisor) {
        windows.avgPool2d(out, input, w, countIncludePad, divisor);
    }

    @Override
    public void avgPool2dBackward(NDArray gradInput, NDArray gradOutput, Window2d w, boolean countIncludePad, int divisor) {
        windows.avgPool2dBackward(gradInput, gradOutput, w, countIncludePad, divisor);
    }

    @Override
    public void random(Distribution d, NDArray dst, Generator g, double a, double b) {
        RandomFill.fill(d, CpuArrays.array(dst), dst.offset(), dst.numel(), g, a, b);
    }
}
