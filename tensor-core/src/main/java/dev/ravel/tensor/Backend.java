package dev.ravel.tensor;

/**
 * The kernels of one device: the only way NDArray reaches memory or compute. NDArray does shape,
 * broadcasting, dtype promotion and argument checks once, then calls these with operands that
 * are already the right shape and dtype; a backend does loops (and its own index bounds checks,
 * which it reports naming the op). A second device (CUDA) is a second implementation of this
 * interface, found at run time by {@link Backends}.
 *
 * <p>Operands are NDArrays of this backend's device with any strides unless a method says
 * otherwise; destinations are never broadcast (no stride-0 dim of size > 1).
 */
public interface Backend {
    Device device();

    // ---- memory ----

    /** Zero-filled storage of {@code length} elements. */
    Storage allocate(DType dtype, int length);

    /**
     * Storage whose contents are unspecified ({@code torch.empty}), for results a kernel writes
     * in full: reused memory need not be cleared first.
     */
    default Storage allocateUninitialized(DType dtype, int length) {
        return allocate(dtype, length);
    }

    /**
     * Hands back storage that nothing will read or write again (no tensor or view over it is used
     * after this call), so its memory may serve a later {@link #allocate}. The autograd engine
     * does this with gradients it alone held once they are consumed, as PyTorch's allocator gets
     * them back when their last reference goes. Doing nothing is always correct.
     */
    default void recycle(Storage storage) {
    }

    /** Storage holding a copy of (or, on the CPU, this very) Java array: float[], double[], long[] or boolean[]. */
    Storage fromHost(Object array);

    /** A new Java array with {@code src}'s elements in row-major order. */
    Object toHost(NDArray src);

    // ---- elementwise ----

    /** {@code dst = src} elementwise, converting dtypes; src may be broadcast. */
    void copy(NDArray dst, NDArray src);

    /** {@code dst = op(src)}; src has the compute dtype, dst the op's result dtype. */
    void unary(UnaryOp op, NDArray dst, NDArray src, double p0, double p1);

    /** {@code dst = a op b}; a and b share the compute dtype and dst's shape. */
    void binary(BinaryOp op, NDArray dst, NDArray a, NDArray b);

    /** {@code dst = cond ? a : b}; cond is BOOL, a and b have dst's dtype. */
    void where(NDArray dst, NDArray cond, NDArray a, NDArray b);

    /**
     * One Adam step in one pass, in place on param, expAvg and expAvgSq (contiguous, one shape and
     * floating dtype, with grad): see {@link NDArray#adamStep_}.
     */
    void adamStep(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, double beta1, double beta2,
                  double stepSize, double invBc2Sqrt, double eps);

    /**
     * {@code dst = beta * a + alpha * f(b, c)} (see {@link TernaryOp}); all operands have dst's
     * shape (b and c may be broadcast) and a floating dtype; dst may be a itself.
     */
    void ternary(TernaryOp op, NDArray dst, NDArray a, NDArray b, NDArray c, double beta, double alpha, double scale,
                 double eps);

    // ---- reductions and scans ----

    /** Reduces {@code dims} of src into dst, which has src's rank with size 1 at those dims. */
    void reduce(ReduceOp op, NDArray dst, NDArray src, int[] dims);

    /**
     * Index of the largest (or smallest) element along {@code dim}, first one on ties, NaN counting
     * as largest; {@code values} (may be null) receives the element. Outputs have size 1 at dim.
     */
    void argReduce(boolean max, NDArray values, NDArray indices, NDArray src, int dim);

    /** Running sum (or product) along dim. */
    void cumulative(boolean product, NDArray dst, NDArray src, int dim);

    /** Softmax or log-softmax along dim, stable (max subtracted). */
    void softmax(NDArray dst, NDArray src, int dim, boolean log);

    // ---- linear algebra ----

    /**
     * {@code dst = alpha * a @ b + beta * dst} for operands {@code [..., m, k] @ [..., k, n]} with
     * the same batch dims (any number, any strides; a stride of 0 means a shared matrix) into a
     * contiguous {@code [..., m, n]}.
     */
    void matmul(NDArray dst, NDArray a, NDArray b, double alpha, double beta);

    // ---- indexing ----

    /** {@code dst.select(dim, i) = src.select(dim, index[i])}; index is 1-D INT64. */
    void indexSelect(NDArray dst, NDArray src, int dim, NDArray index);

    /** {@code dst[..i..] = src[..index[..i..]..]} along dim; index has dst's shape. */
    void gather(NDArray dst, NDArray src, int dim, NDArray index);

    /** {@code dst[..index[..i..]..] = src[..i..]} along dim (or {@code +=} when accumulate); src covers index's shape. */
    void scatter(NDArray dst, int dim, NDArray index, NDArray src, boolean accumulate);

    // ---- windows (convolution and pooling) ----

    /** im2col: contiguous {@code [N, C, H, W]} into contiguous {@code [N, C*kh*kw, oh*ow]}, zeros for padding. */
    void im2col(NDArray cols, NDArray input, Window2d w);

    /** col2im: adds contiguous {@code [N, C*kh*kw, oh*ow]} back into contiguous {@code [N, C, H, W]}. */
    void col2im(NDArray input, NDArray cols, Window2d w);

    /**
     * 2-D convolution (cross-correlation) of contiguous {@code input [N, C, H, W]} with contiguous
     * {@code weight [O, C/groups, kh, kw]} into contiguous {@code out [N, O, oh, ow]}, plus an
     * optional contiguous {@code bias [O]}. All of one floating dtype.
     */
    void conv2d(NDArray out, NDArray input, NDArray weight, NDArray bias, Window2d w, int groups);

    /** The input gradient of {@link #conv2d}: overwrites contiguous {@code gradInput [N, C, H, W]}. */
    void conv2dBackwardInput(NDArray gradInput, NDArray gradOutput, NDArray weight, Window2d w, int groups);

    /** The weight gradient of {@link #conv2d}: overwrites contiguous {@code gradWeight [O, C/groups, kh, kw]}. */
    void conv2dBackwardWeight(NDArray gradWeight, NDArray gradOutput, NDArray input, Window2d w, int groups);

    /**
     * Max pooling of a contiguous {@code [N, C, H, W]}; indices (null: not wanted) are flat positions
     * in H*W, as PyTorch's.
     */
    void maxPool2d(NDArray out, NDArray indices, NDArray input, Window2d w);

    /**
     * Gradient of {@link #maxPool2d}: overwrites contiguous {@code gradInput [N, C, H, W]} with zeros
     * plus each element of contiguous {@code gradOutput [N, C, oh, ow]} added at the flat position in
     * H*W that contiguous INT64 {@code indices} (gradOutput's shape) gives; an index outside
     * [0, H*W) fails.
     */
    void maxPool2dBackward(NDArray gradInput, NDArray gradOutput, NDArray indices);

    /** Average pooling; a divisor of 0 means none given. */
    void avgPool2d(NDArray out, NDArray input, Window2d w, boolean countIncludePad, int divisor);

    /** Gradient of {@link #avgPool2d}, added into a zeroed gradInput. */
    void avgPool2dBackward(NDArray gradInput, NDArray gradOutput, Window2d w, boolean countIncludePad, int divisor);

    // ---- random ----

    /**
     * Fills dst with draws from {@code g}. The default draws on the host (so every device gives the
     * same numbers for the same seed) and copies them over; dst must be contiguous.
     */
    default void random(Distribution d, NDArray dst, Generator g, double a, double b) {
        int n = dst.numel();
        Object host = switch (dst.dtype()) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
        RandomFill.fill(d, host, g, a, b);
        copy(dst, new NDArray(fromHost(host), Layout.contiguous(dst.shape())));
    }
}
