package dev.ravel.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array: a {@link Storage} shared between views, a {@link Layout} (shape,
 * strides in elements, offset) and a {@link DType}, on one {@link Device}. Ops follow PyTorch's
 * semantics (broadcasting, type promotion, views, reductions, error messages); shape and dtype
 * logic lives here and in the ops classes beside it, loops in the device's {@link Backend}.
 *
 * <pre>{@code
 * NDArray x = NDArray.of(new float[][] {{1, 2}, {3, 4}});
 * NDArray y = x.matmul(x.t()).add(1).relu();   // [[6, 12], [12, 26]]
 * double total = y.sum().item();                // 56
 * }</pre>
 *
 * <p>Ops with a trailing underscore ({@code add_}, {@code fill_}, ...) write into this array and
 * bump its storage's version; every other op returns a new array or a view.
 */
public final class NDArray implements AutoCloseable {
    private final Storage storage;
    private final Layout layout;
    /** A Java number turned into a 0-d array: it takes part in type promotion with the lowest priority. */
    private final boolean wrappedNumber;
    /** Set by {@link #close()}: the data may no longer be reached. */
    private boolean closed;

    /** An array over existing storage. Backends use this; users want the factories. */
    public NDArray(Storage storage, Layout layout) {
        this(storage, layout, false);
    }

    private NDArray(Storage storage, Layout layout, boolean wrappedNumber) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.wrappedNumber = wrappedNumber;
        if (layout.numel() > 0 && (layout.offset() < 0 || layout.maxIndexExclusive() > storage.length())) {
            throw new IllegalArgumentException("NDArray: " + layout + " reaches outside a storage of "
                    + storage.length() + " elements");
        }
        storage.arrayOpened();
    }

    // =====================================================================================
    // Properties
    // =====================================================================================

    /** The memory under this array. Throws once the array is {@linkplain #close() closed}. */
    public Storage storage() {
        if (closed) {
            throw new IllegalStateException("NDArray of shape " + Shapes.str(shape()) + ", " + dtype().torchName() + ", "
                    + device() + ": used after close(); its memory may already hold another array's values");
        }
        return storage;
    }

    /**
     * Hands this array's memory back for reuse by later results, as dropping a tensor's last
     * reference does in PyTorch. Optional: an array never closed is freed by the GC as usual;
     * closing saves the next result of the same size a fresh allocation, which for large arrays
     * costs more than the op (the JVM zeroes a new 16 MB float[] in about 0.8 ms on the allocating
     * thread, in memory that has left the cache; a reused one is warm).
     *
     * <p>The memory is reused only once every array made over the same storage (views, and arrays
     * made by ops that return views) is closed too, and only when Ravel allocated it (not a Java
     * array passed to {@link #fromArray}). After {@code close()} any use of this array's data throws
     * {@link IllegalStateException}; its shape and dtype stay readable. Closing again does nothing.
     * Ops that may return this very array ({@link #contiguous()} of a contiguous array, {@code to}
     * its own dtype or device) give a result whose {@code close()} closes this one, as in PyTorch
     * they are the same tensor. Like every op, {@code close()} must not race with use of the array
     * on another thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (storage.arrayClosed()) {
            Backends.of(storage.device()).recycle(storage);
        }
    }

    /**
     * Returns {@code view}, a view over this array that an op made to return in its place, and
     * closes this one, which the op drops: so only the view counts toward {@link #close()} (a
     * reduction computes with kept dims and returns them dropped).
     */
    NDArray replaceWith(NDArray view) {
        if (view != this) {
            close();
        }
        return view;
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    public Layout layout() {
        return layout;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    public Backend backend() {
        return Backends.of(storage.device());
    }

    public int[] shape() {
        return layout.shape();
    }

    /** Size of a dim; negative dims count from the end. */
    public int size(int dim) {
        requireDims("size", dim);
        return layout.size(Shapes.normalizeDim("size", dim, layout.rank()));
    }

    public int[] strides() {
        return layout.strides();
    }

    public int stride(int dim) {
        requireDims("stride", dim);
        return layout.stride(Shapes.normalizeDim("stride", dim, layout.rank()));
    }

    /** A 0-d array accepts dim 0 and -1 in reductions, but has no size or stride to report (as PyTorch). */
    private void requireDims(String op, int dim) {
        if (layout.rank() == 0) {
            throw new IndexOutOfBoundsException(op + ": dimension specified as " + dim + " but tensor has no dimensions");
        }
    }

    public int offset() {
        return layout.offset();
    }

    /** Number of dims (0 for a scalar). */
    public int dim() {
        return layout.rank();
    }

    public int numel() {
        return layout.numel();
    }

    public boolean isContiguous() {
        return layout.isContiguous();
    }

    /** True when this array is its whole storage, in order: no other array can be a view of the rest of it. */
    public boolean spansStorage() {
        return isContiguous() && offset() == 0 && numel() == storage.length();
    }

    boolean isWrappedNumber() {
        return wrappedNumber;
    }

    NDArray withLayout(Layout l) {
        return new NDArray(storage(), l);   // storage(): no view of a closed array
    }

    // =====================================================================================
    // Creation
    // =====================================================================================

    /**
     * An array whose elements are unspecified, as {@code torch.empty}: for results that are then
     * written in full. (New memory comes zeroed, but recycled memory keeps what it held; with
     * {@code -Dravel.recycle=poison} it is always NaN, so tests show any read before a write.)
     */
    public static NDArray empty(int[] shape, DType dtype, Device device) {
        int[] s = Shapes.checkSizes("empty", shape);
        return new NDArray(Backends.of(device).allocateUninitialized(dtype, Shapes.numel(s)), Layout.contiguous(s));
    }

    public static NDArray empty(int... shape) {
        return empty(shape, DType.defaultFloat(), Device.CPU);
    }

    public static NDArray empty(DType dtype, int... shape) {
        return empty(shape, dtype, Device.CPU);
    }

    public static NDArray zeros(int[] shape, DType dtype, Device device) {
        int[] s = Shapes.checkSizes("zeros", shape);
        return new NDArray(Backends.of(device).allocate(dtype, Shapes.numel(s)), Layout.contiguous(s));
    }

    public static NDArray zeros(int... shape) {
        return zeros(shape, DType.defaultFloat(), Device.CPU);
    }

    public static NDArray zeros(DType dtype, int... shape) {
        return zeros(shape, dtype, Device.CPU);
    }

    public static NDArray ones(int[] shape, DType dtype, Device device) {
        return full(shape, 1, dtype, device);
    }

    public static NDArray ones(int... shape) {
        return ones(shape, DType.defaultFloat(), Device.CPU);
    }

    public static NDArray ones(DType dtype, int... shape) {
        return ones(shape, dtype, Device.CPU);
    }

    /** An array of one value; {@code full(shape, 0.5)} is float32, {@code full(shape, 7L)} int64, as in PyTorch. */
    public static NDArray full(int[] shape, double value, DType dtype, Device device) {
        return empty(shape, dtype, device).fill_(value);
    }

    public static NDArray full(int[] shape, double value) {
        return full(shape, value, DType.defaultFloat(), Device.CPU);
    }

    public static NDArray full(int[] shape, long value) {
        return empty(shape, DType.INT64, Device.CPU).fill_(value);
    }

    public static NDArray full(int[] shape, boolean value) {
        return empty(shape, DType.BOOL, Device.CPU).fill_(value ? 1 : 0);
    }

    public static NDArray zerosLike(NDArray x) {
        return zeros(x.shape(), x.dtype(), x.device());
    }

    public static NDArray onesLike(NDArray x) {
        return ones(x.shape(), x.dtype(), x.device());
    }

    public static NDArray fullLike(NDArray x, double value) {
        return full(x.shape(), value, x.dtype(), x.device());
    }

    /** A 0-d array (float32, like {@code torch.tensor(1.5)}). */
    public static NDArray scalar(double value) {
        return fromArray(new float[] {(float) value}, new int[0]);
    }

    public static NDArray scalar(double value, DType dtype) {
        return full(new int[0], value, dtype, Device.CPU);
    }

    public static NDArray scalar(long value) {
        return fromArray(new long[] {value}, new int[0]);
    }

    public static NDArray scalar(boolean value) {
        return fromArray(new boolean[] {value}, new int[0]);
    }

    /** A Java number as an operand: a 0-d array that promotes like PyTorch's wrapped numbers. */
    static NDArray wrap(double value, Device device) {
        NDArray a = Creation.hostScalar(new double[] {value}, device);
        return new NDArray(a.storage, a.layout, true);
    }

    static NDArray wrap(long value, Device device) {
        NDArray a = Creation.hostScalar(new long[] {value}, device);
        return new NDArray(a.storage, a.layout, true);
    }

    /**
     * An array over a flat Java array (float[], double[], long[] or boolean[]) without copying it:
     * writes through either are seen by both, like {@code torch.from_numpy}. With no shape it is 1-D,
     * except that a one-element array with an explicit empty shape is 0-d.
     */
    public static NDArray fromArray(Object flat, int... shape) {
        return Creation.fromFlat(flat, shape);
    }

    public static NDArray fromArray(Object flat) {
        return Creation.fromFlat(flat, null);
    }

    /**
     * A copy of Java data of any rank: {@code float[][]}, {@code double[]}, {@code long[][][]},
     * {@code int[]} (becomes int64), {@code boolean[][]}, or a boxed number (0-d). Like {@code torch.tensor}.
     */
    public static NDArray of(Object data) {
        return Creation.fromNested(data);
    }

    public static NDArray of(float... data) {
        return fromArray(data.clone());
    }

    public static NDArray of(double... data) {
        return fromArray(data.clone());
    }

    public static NDArray of(long... data) {
        return fromArray(data.clone());
    }

    public static NDArray of(boolean... data) {
        return fromArray(data.clone());
    }

    /** {@code 0, 1, ..., end-1} as int64. */
    public static NDArray arange(long end) {
        return Creation.arange(0, end, 1, DType.INT64);
    }

    public static NDArray arange(long start, long end) {
        return Creation.arange(start, end, 1, DType.INT64);
    }

    public static NDArray arange(long start, long end, long step) {
        return Creation.arange(start, end, step, DType.INT64);
    }

    /** Float steps give a float32 range, as {@code torch.arange(0., 1., 0.1)}. */
    public static NDArray arange(double start, double end, double step) {
        return Creation.arange(start, end, step, DType.defaultFloat());
    }

    public static NDArray arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    public static NDArray linspace(double start, double end, int steps) {
        return Creation.linspace(start, end, steps, DType.defaultFloat());
    }

    public static NDArray linspace(double start, double end, int steps, DType dtype) {
        return Creation.linspace(start, end, steps, dtype);
    }

    public static NDArray eye(int n) {
        return Creation.eye(n, n, DType.defaultFloat());
    }

    public static NDArray eye(int n, int m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    // ---- random ----

    /** Uniform [0, 1) from the default generator. */
    public static NDArray rand(int... shape) {
        return rand(shape, DType.defaultFloat(), Generator.defaultGenerator());
    }

    public static NDArray rand(int[] shape, DType dtype, Generator g) {
        return empty(shape, dtype, Device.CPU).uniform_(0, 1, g);
    }

    /** Standard normal from the default generator. */
    public static NDArray randn(int... shape) {
        return randn(shape, DType.defaultFloat(), Generator.defaultGenerator());
    }

    public static NDArray randn(int[] shape, DType dtype, Generator g) {
        return empty(shape, dtype, Device.CPU).normal_(0, 1, g);
    }

    /** Integers uniform in [low, high), int64. */
    public static NDArray randint(long low, long high, int[] shape) {
        return randint(low, high, shape, DType.INT64, Generator.defaultGenerator());
    }

    public static NDArray randint(long low, long high, int[] shape, DType dtype, Generator g) {
        return empty(shape, dtype, Device.CPU).random_(low, high, g);
    }

    /** A random permutation of {@code 0..n-1}, int64. */
    public static NDArray randperm(int n) {
        return randperm(n, Generator.defaultGenerator());
    }

    public static NDArray randperm(int n, Generator g) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
        }
        long[] p = new long[n];
        g.fillPermutation(p, 0, n);
        return fromArray(p);
    }

    public static NDArray randLike(NDArray x) {
        return rand(x.shape(), x.dtype(), Generator.defaultGenerator()).to(x.device());
    }

    public static NDArray randnLike(NDArray x) {
        return randn(x.shape(), x.dtype(), Generator.defaultGenerator()).to(x.device());
    }

    /** Fills with uniform [from, to) in place. */
    public NDArray uniform_(double from, double to, Generator g) {
        if (from > to) {
            throw new IllegalArgumentException("uniform_: expects to return a [from, to) range, but found from=" + from
                    + " > to=" + to);
        }
        return Creation.randomFill(this, Distribution.UNIFORM, g, from, to, "uniform_");
    }

    public NDArray uniform_(double from, double to) {
        return uniform_(from, to, Generator.defaultGenerator());
    }

    public NDArray normal_(double mean, double std, Generator g) {
        if (std < 0) {
            throw new IllegalArgumentException("normal_: expects std >= 0.0, but found std " + std);
        }
        return Creation.randomFill(this, Distribution.NORMAL, g, mean, std, "normal_");
    }

    public NDArray normal_(double mean, double std) {
        return normal_(mean, std, Generator.defaultGenerator());
    }

    /** Integers uniform in [low, high) in place. */
    public NDArray random_(long low, long high, Generator g) {
        if (low >= high) {
            throw new IllegalArgumentException("random_: expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        return Creation.randomFill(this, Distribution.RANDINT, g, low, high, "random_");
    }

    /** Ones with probability p, in place. */
    public NDArray bernoulli_(double p, Generator g) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_: expects p to be in [0, 1], but got p=" + p);
        }
        return Creation.randomFill(this, Distribution.BERNOULLI, g, p, 0, "bernoulli_");
    }

    public NDArray bernoulli_(double p) {
        return bernoulli_(p, Generator.defaultGenerator());
    }

    /** A 0/1 array of this dtype, 1 with the probability held in each element ({@code torch.bernoulli(probs)}). */
    public NDArray bernoulli(Generator g) {
        if (!dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("bernoulli: expected a floating point tensor of probabilities, got "
                    + dtype().torchName());
        }
        NDArray u = empty(shape(), dtype(), device()).uniform_(0, 1, g);
        return u.lt(this).to(dtype());
    }

    public NDArray bernoulli() {
        return bernoulli(Generator.defaultGenerator());
    }

    // =====================================================================================
    // Views
    // =====================================================================================

    /** The same storage under a new shape; fails when the strides make that impossible (use reshape). */
    public NDArray view(int... shape) {
        int[] s = Shapes.inferSize("view", shape, numel());
        Layout l = layout.viewAs(s);
        if (l == null) {
            throw new IllegalArgumentException("view: view size " + Shapes.str(s) + " is not compatible with input tensor's"
                    + " size " + Shapes.str(shape()) + " and stride " + Shapes.str(strides())
                    + " (at least one dimension spans across two contiguous subspaces). Use reshape(...) instead.");
        }
        return withLayout(l);
    }

    /** A view when the layout allows, else a contiguous copy. */
    public NDArray reshape(int... shape) {
        int[] s = Shapes.inferSize("reshape", shape, numel());
        Layout l = layout.viewAs(s);
        return l != null ? withLayout(l) : contiguous().withLayout(Layout.contiguous(s));
    }

    public NDArray viewAs(NDArray other) {
        return view(other.shape());
    }

    public NDArray reshapeAs(NDArray other) {
        return reshape(other.shape());
    }

    public NDArray permute(int... dims) {
        return withLayout(layout.permute(dims));
    }

    public NDArray transpose(int dim0, int dim1) {
        return withLayout(layout.transpose(dim0, dim1));
    }

    /** Transpose of a matrix; 0-d and 1-d arrays are returned as is. */
    public NDArray t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Transpose of the last two dims (batched matrices). */
    public NDArray mT() {
        if (dim() < 2) {
            throw new IllegalArgumentException("mT: tensor must have at least 2 dimensions, got " + dim());
        }
        return transpose(-2, -1);
    }

    public NDArray narrow(int dim, int start, int length) {
        return withLayout(layout.narrow(dim, start, length));
    }

    /** Removes a dim by indexing it ({@code x[:, i]} is {@code select(1, i)}). */
    public NDArray select(int dim, int index) {
        return withLayout(layout.select(dim, index));
    }

    /** {@code x[..., start:end:step, ...]} along a dim; bounds clamp like Python slices. */
    public NDArray slice(int dim, int start, int end, int step) {
        return withLayout(layout.slice(dim, start, end, step));
    }

    public NDArray slice(int dim, int start, int end) {
        return slice(dim, start, end, 1);
    }

    /** A broadcast view to a larger shape; {@code -1} keeps a size. */
    public NDArray expand(int... shape) {
        return withLayout(layout.expand(shape));
    }

    public NDArray expandAs(NDArray other) {
        return expand(other.shape());
    }

    /** Like {@link #expand} with PyTorch's broadcast check and message. */
    public NDArray broadcastTo(int... shape) {
        Shapes.broadcast("broadcast_to", shape(), shape);
        return expand(shape);
    }

    public NDArray squeeze() {
        return withLayout(layout.squeeze());
    }

    public NDArray squeeze(int dim) {
        return withLayout(layout.squeeze(dim));
    }

    public NDArray unsqueeze(int dim) {
        return withLayout(layout.unsqueeze(dim));
    }

    public NDArray flatten() {
        return flatten(0, -1);
    }

    /** Merges dims {@code start..end} into one (a view when possible). */
    public NDArray flatten(int startDim, int endDim) {
        if (dim() == 0) {
            return reshape(1);
        }
        int s = Shapes.normalizeDim("flatten", startDim, dim());
        int e = Shapes.normalizeDim("flatten", endDim, dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten: start_dim " + startDim + " cannot come after end_dim " + endDim);
        }
        if (s == e) {
            return this;
        }
        int[] sh = shape();
        int[] out = new int[sh.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            out[k++] = sh[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= sh[i];
        }
        out[k++] = merged;
        for (int i = e + 1; i < sh.length; i++) {
            out[k++] = sh[i];
        }
        return reshape(out);
    }

    /** Splits one dim into several ({@code -1} inferred). */
    public NDArray unflatten(int dim, int... sizes) {
        int d = Shapes.normalizeDim("unflatten", dim, dim());
        int[] inner = Shapes.inferSize("unflatten", sizes, size(d));
        int[] sh = shape();
        int[] out = new int[sh.length - 1 + inner.length];
        System.arraycopy(sh, 0, out, 0, d);
        System.arraycopy(inner, 0, out, d, inner.length);
        System.arraycopy(sh, d + 1, out, d + inner.length, sh.length - d - 1);
        return view(out);
    }

    public NDArray diagonal() {
        return diagonal(0, 0, 1);
    }

    public NDArray diagonal(int offset, int dim1, int dim2) {
        return withLayout(layout.diagonal(offset, dim1, dim2));
    }

    /** This array when already contiguous, else a contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() ? this : clone();
    }

    /** A contiguous copy with its own storage. */
    @Override
    public NDArray clone() {
        NDArray out = empty(shape(), dtype(), device());
        backend().copy(out, this);
        return out;
    }

    /** A copy in another dtype (this array itself when the dtype already matches). */
    public NDArray to(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        NDArray out = empty(shape(), dtype, device());
        backend().copy(out, this);
        return out;
    }

    /** A copy on another device (this array itself when already there). */
    public NDArray to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        Object host = backend().toHost(this);
        return new NDArray(Backends.of(device).fromHost(host), Layout.contiguous(shape()));
    }

    /** Copies src (broadcast to this shape, any dtype or device) into this array. */
    public NDArray copy_(NDArray src) {
        checkWritable("copy_");
        int[] b = Shapes.broadcast("copy_", shape(), src.shape());
        if (!java.util.Arrays.equals(b, shape())) {
            throw new IllegalArgumentException("copy_: output with shape " + Shapes.str(shape())
                    + " doesn't match the broadcast shape " + Shapes.str(b));
        }
        NDArray s = src.device().equals(device()) ? src : src.to(device());
        if (s.storage == storage && !s.layout.equals(layout)) {
            s = s.clone();
        }
        backend().copy(this, s.dim() == dim() && java.util.Arrays.equals(s.shape(), shape()) ? s : s.expand(shape()));
        storage.bumpVersion();
        return this;
    }

    // =====================================================================================
    // Elementwise
    // =====================================================================================

    public NDArray neg() { return Elementwise.unary(UnaryOp.NEG, this, 0, 0); }
    public NDArray abs() { return Elementwise.unary(UnaryOp.ABS, this, 0, 0); }
    public NDArray sign() { return Elementwise.unary(UnaryOp.SIGN, this, 0, 0); }
    public NDArray exp() { return Elementwise.unary(UnaryOp.EXP, this, 0, 0); }
    public NDArray log() { return Elementwise.unary(UnaryOp.LOG, this, 0, 0); }
    public NDArray log1p() { return Elementwise.unary(UnaryOp.LOG1P, this, 0, 0); }
    public NDArray expm1() { return Elementwise.unary(UnaryOp.EXPM1, this, 0, 0); }
    public NDArray sqrt() { return Elementwise.unary(UnaryOp.SQRT, this, 0, 0); }
    public NDArray rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this, 0, 0); }
    public NDArray square() { return Elementwise.unary(UnaryOp.SQUARE, this, 0, 0); }
    public NDArray reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this, 0, 0); }
    public NDArray sin() { return Elementwise.unary(UnaryOp.SIN, this, 0, 0); }
    public NDArray cos() { return Elementwise.unary(UnaryOp.COS, this, 0, 0); }
    public NDArray tanh() { return Elementwise.unary(UnaryOp.TANH, this, 0, 0); }
    public NDArray sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this, 0, 0); }
    public NDArray relu() { return Elementwise.unary(UnaryOp.RELU, this, 0, 0); }
    public NDArray silu() { return Elementwise.unary(UnaryOp.SILU, this, 0, 0); }
    public NDArray erf() { return Elementwise.unary(UnaryOp.ERF, this, 0, 0); }
    public NDArray floor() { return Elementwise.unary(UnaryOp.FLOOR, this, 0, 0); }
    public NDArray ceil() { return Elementwise.unary(UnaryOp.CEIL, this, 0, 0); }
    /** Rounds half to even, like torch.round. */
    public NDArray round() { return Elementwise.unary(UnaryOp.ROUND, this, 0, 0); }
    public NDArray trunc() { return Elementwise.unary(UnaryOp.TRUNC, this, 0, 0); }

    /** Exact GELU, {@code x * Phi(x)}. */
    public NDArray gelu() {
        return Elementwise.unary(UnaryOp.GELU, this, 0, 0);
    }

    /** GELU with {@code approximate} "none" (exact) or "tanh", as torch.nn.functional.gelu. */
    public NDArray gelu(String approximate) {
        return switch (approximate) {
            case "none" -> gelu();
            case "tanh" -> Elementwise.unary(UnaryOp.GELU_TANH, this, 0, 0);
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \""
                    + approximate + "\"");
        };
    }

    /** {@code log(1 + exp(beta * x)) / beta}, linear where {@code beta * x > threshold}. */
    public NDArray softplus(double beta, double threshold) {
        return Elementwise.unary(UnaryOp.SOFTPLUS, this, beta, threshold);
    }

    public NDArray softplus() {
        return softplus(1, 20);
    }

    public NDArray leakyRelu(double negativeSlope) {
        return Elementwise.unary(UnaryOp.LEAKY_RELU, this, negativeSlope, 0);
    }

    public NDArray elu(double alpha) {
        return Elementwise.unary(UnaryOp.ELU, this, alpha, 0);
    }

    /**
     * Clamps into [min, max]; NaN bounds mean none (PyTorch's None). NaN inputs stay NaN. Float
     * bounds on an integer array give a float32 result, as PyTorch's promotion does; use the
     * long overload to keep integers.
     */
    public NDArray clamp(double min, double max) {
        NDArray x = dtype().isFloatingPoint() ? this : to(DType.defaultFloat());
        return Elementwise.unary(UnaryOp.CLAMP, x, bound(min, Double.NEGATIVE_INFINITY), bound(max, Double.POSITIVE_INFINITY));
    }

    /** Clamps with integer bounds: int64 arrays stay int64. */
    public NDArray clamp(long min, long max) {
        return Elementwise.unary(UnaryOp.CLAMP, this, min, max);
    }

    public NDArray clampMin(double min) {
        return clamp(min, Double.NaN);
    }

    public NDArray clampMin(long min) {
        return Elementwise.unary(UnaryOp.CLAMP, this, min, Double.POSITIVE_INFINITY);
    }

    public NDArray clampMax(double max) {
        return clamp(Double.NaN, max);
    }

    public NDArray clampMax(long max) {
        return Elementwise.unary(UnaryOp.CLAMP, this, Double.NEGATIVE_INFINITY, max);
    }

    private static double bound(double b, double none) {
        return Double.isNaN(b) ? none : b;
    }

    public NDArray isnan() { return Elementwise.unary(UnaryOp.ISNAN, this, 0, 0); }
    public NDArray isinf() { return Elementwise.unary(UnaryOp.ISINF, this, 0, 0); }
    public NDArray isfinite() { return Elementwise.unary(UnaryOp.ISFINITE, this, 0, 0); }

    public NDArray add(NDArray other) { return Elementwise.binary(BinaryOp.ADD, this, other); }
    public NDArray add(double other) { return Elementwise.binary(BinaryOp.ADD, this, wrap(other, device())); }
    public NDArray add(long other) { return Elementwise.binary(BinaryOp.ADD, this, wrap(other, device())); }

    /** {@code this + alpha * other}. */
    public NDArray add(NDArray other, double alpha) {
        if (alpha == 1) {
            return add(other);
        }
        if (!dtype().isFloatingPoint() && !other.dtype().isFloatingPoint()) {
            return add(other.mul(integralAlpha("add", alpha)));
        }
        return Elementwise.ternary(TernaryOp.AXPBY, this, other, null, 1, alpha, 1, 0, false);
    }

    /** The fused update is float-only; integer arrays scale by an integral alpha, as PyTorch requires. */
    private static long integralAlpha(String op, double alpha) {
        if (alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException(op + ": for integral input tensors, argument alpha must not be a floating"
                    + " point number, got " + alpha);
        }
        return (long) alpha;
    }

    public NDArray sub(NDArray other) { return Elementwise.binary(BinaryOp.SUB, this, other); }
    public NDArray sub(double other) { return Elementwise.binary(BinaryOp.SUB, this, wrap(other, device())); }
    public NDArray sub(long other) { return Elementwise.binary(BinaryOp.SUB, this, wrap(other, device())); }

    /** {@code other - this}. */
    public NDArray rsub(double other) { return Elementwise.binary(BinaryOp.SUB, wrap(other, device()), this); }
    public NDArray rsub(long other) { return Elementwise.binary(BinaryOp.SUB, wrap(other, device()), this); }

    public NDArray mul(NDArray other) { return Elementwise.binary(BinaryOp.MUL, this, other); }
    public NDArray mul(double other) { return Elementwise.binary(BinaryOp.MUL, this, wrap(other, device())); }
    public NDArray mul(long other) { return Elementwise.binary(BinaryOp.MUL, this, wrap(other, device())); }

    /** True division: integers divide into the default float. */
    public NDArray div(NDArray other) { return Elementwise.binary(BinaryOp.DIV, this, other); }
    public NDArray div(double other) { return Elementwise.binary(BinaryOp.DIV, this, wrap(other, device())); }
    public NDArray div(long other) { return Elementwise.binary(BinaryOp.DIV, this, wrap(other, device())); }

    /** {@code other / this}. */
    public NDArray rdiv(double other) { return Elementwise.binary(BinaryOp.DIV, wrap(other, device()), this); }

    public NDArray floorDivide(NDArray other) { return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, other); }
    public NDArray floorDivide(long other) { return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, wrap(other, device())); }
    public NDArray floorDivide(double other) { return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, wrap(other, device())); }
    /** Python's %: the result takes the divisor's sign. */
    public NDArray remainder(NDArray other) { return Elementwise.binary(BinaryOp.REMAINDER, this, other); }
    public NDArray remainder(long other) { return Elementwise.binary(BinaryOp.REMAINDER, this, wrap(other, device())); }
    public NDArray remainder(double other) { return Elementwise.binary(BinaryOp.REMAINDER, this, wrap(other, device())); }

    public NDArray pow(NDArray exponent) { return Elementwise.binary(BinaryOp.POW, this, exponent); }
    public NDArray pow(double exponent) { return Elementwise.binary(BinaryOp.POW, this, wrap(exponent, device())); }
    public NDArray pow(long exponent) {
        if (exponent < 0 && !dtype().isFloatingPoint()) {
            throw new ArithmeticException("pow: integers to negative integer powers are not allowed (" + dtype().torchName()
                    + " to the power " + exponent + ")");
        }
        return Elementwise.binary(BinaryOp.POW, this, wrap(exponent, device()));
    }

    /** This array where {@code gate > 0}, else 0 (ReLU's backward), in one pass; shapes broadcast. */
    public NDArray maskPositive(NDArray gate) { return Elementwise.binary(BinaryOp.MASK_POSITIVE, this, gate); }

    /** GELU's backward: this (the gradient) times the derivative of gelu at {@code input}; "tanh" or "none". */
    public NDArray geluBackward(NDArray input, String approximate) {
        return Elementwise.binary(approximate.equals("tanh") ? BinaryOp.GELU_TANH_BACKWARD : BinaryOp.GELU_BACKWARD,
                this, input);
    }

    /** Elementwise larger value; NaN wins. */
    public NDArray maximum(NDArray other) { return Elementwise.binary(BinaryOp.MAXIMUM, this, other); }
    public NDArray minimum(NDArray other) { return Elementwise.binary(BinaryOp.MINIMUM, this, other); }

    public NDArray eq(NDArray other) { return Elementwise.binary(BinaryOp.EQ, this, other); }
    public NDArray eq(double other) { return Elementwise.binary(BinaryOp.EQ, this, wrap(other, device())); }
    public NDArray eq(long other) { return Elementwise.binary(BinaryOp.EQ, this, wrap(other, device())); }
    public NDArray ne(NDArray other) { return Elementwise.binary(BinaryOp.NE, this, other); }
    public NDArray ne(double other) { return Elementwise.binary(BinaryOp.NE, this, wrap(other, device())); }
    public NDArray ne(long other) { return Elementwise.binary(BinaryOp.NE, this, wrap(other, device())); }
    public NDArray lt(NDArray other) { return Elementwise.binary(BinaryOp.LT, this, other); }
    public NDArray lt(double other) { return Elementwise.binary(BinaryOp.LT, this, wrap(other, device())); }
    public NDArray lt(long other) { return Elementwise.binary(BinaryOp.LT, this, wrap(other, device())); }
    public NDArray le(NDArray other) { return Elementwise.binary(BinaryOp.LE, this, other); }
    public NDArray le(double other) { return Elementwise.binary(BinaryOp.LE, this, wrap(other, device())); }
    public NDArray le(long other) { return Elementwise.binary(BinaryOp.LE, this, wrap(other, device())); }
    public NDArray gt(NDArray other) { return Elementwise.binary(BinaryOp.GT, this, other); }
    public NDArray gt(double other) { return Elementwise.binary(BinaryOp.GT, this, wrap(other, device())); }
    public NDArray gt(long other) { return Elementwise.binary(BinaryOp.GT, this, wrap(other, device())); }
    public NDArray ge(NDArray other) { return Elementwise.binary(BinaryOp.GE, this, other); }
    public NDArray ge(double other) { return Elementwise.binary(BinaryOp.GE, this, wrap(other, device())); }
    public NDArray ge(long other) { return Elementwise.binary(BinaryOp.GE, this, wrap(other, device())); }

    public NDArray logicalAnd(NDArray other) { return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other); }
    public NDArray logicalOr(NDArray other) { return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other); }
    public NDArray logicalXor(NDArray other) { return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other); }

    /** True where the element is zero (false), for any dtype. */
    public NDArray logicalNot() {
        return eq(0L);
    }

    /** {@code cond ? x : y} elementwise, all three broadcast together; x and y promote together. */
    public static NDArray where(NDArray cond, NDArray x, NDArray y) {
        return Elementwise.where(cond, x, y);
    }

    public static NDArray where(NDArray cond, NDArray x, double y) {
        return Elementwise.where(cond, x, wrap(y, x.device()));
    }

    public static NDArray where(NDArray cond, double x, NDArray y) {
        return Elementwise.where(cond, wrap(x, y.device()), y);
    }

    /** Elements where mask is true replaced by value; this and mask broadcast together, as torch.masked_fill. */
    public NDArray maskedFill(NDArray mask, double value) {
        return Indexing.maskedFill(this, mask, value, false);
    }

    // ---- in place ----

    public NDArray add_(NDArray other) { return Elementwise.binaryInPlace(BinaryOp.ADD, this, other); }
    public NDArray add_(double other) { return Elementwise.binaryInPlace(BinaryOp.ADD, this, wrap(other, device())); }
    public NDArray add_(long other) { return Elementwise.binaryInPlace(BinaryOp.ADD, this, wrap(other, device())); }

    /** {@code this += alpha * other}. */
    public NDArray add_(NDArray other, double alpha) {
        if (alpha == 1) {
            return add_(other);
        }
        if (!dtype().isFloatingPoint() && !other.dtype().isFloatingPoint()) {
            return add_(other.mul(integralAlpha("add_", alpha)));
        }
        return Elementwise.ternary(TernaryOp.AXPBY, this, other, null, 1, alpha, 1, 0, true);
    }

    public NDArray sub_(NDArray other) { return Elementwise.binaryInPlace(BinaryOp.SUB, this, other); }
    public NDArray sub_(double other) { return Elementwise.binaryInPlace(BinaryOp.SUB, this, wrap(other, device())); }
    public NDArray mul_(NDArray other) { return Elementwise.binaryInPlace(BinaryOp.MUL, this, other); }
    public NDArray mul_(double other) { return Elementwise.binaryInPlace(BinaryOp.MUL, this, wrap(other, device())); }
    public NDArray mul_(long other) { return Elementwise.binaryInPlace(BinaryOp.MUL, this, wrap(other, device())); }
    public NDArray div_(NDArray other) { return Elementwise.binaryInPlace(BinaryOp.DIV, this, other); }
    public NDArray div_(double other) { return Elementwise.binaryInPlace(BinaryOp.DIV, this, wrap(other, device())); }
    public NDArray pow_(double exponent) { return Elementwise.binaryInPlace(BinaryOp.POW, this, wrap(exponent, device())); }
    public NDArray maximum_(NDArray other) { return Elementwise.binaryInPlace(BinaryOp.MAXIMUM, this, other); }

    /** {@code this += value * t1 * t2} (optimizers). */
    public NDArray addcmul_(NDArray t1, NDArray t2, double value) {
        return Elementwise.ternary(TernaryOp.ADDCMUL, this, t1, t2, 1, value, 1, 0, true);
    }

    /** {@code this += value * t1 / t2} (optimizers). */
    public NDArray addcdiv_(NDArray t1, NDArray t2, double value) {
        return Elementwise.ternary(TernaryOp.ADDCDIV, this, t1, t2, 1, value, 1, 0, true);
    }

    /** {@code this += weight * (end - this)}. */
    public NDArray lerp_(NDArray end, double weight) {
        return Elementwise.ternary(TernaryOp.AXPBY, this, end, null, 1 - weight, weight, 1, 0, true);
    }

    /**
     * {@code this += value * num / (scale * sqrt(sq) + eps)} in one pass: the adaptive step of
     * Adam, RMSprop and Adagrad without temporaries.
     */
    public NDArray addcdivSqrt_(NDArray num, NDArray sq, double value, double scale, double eps) {
        return Elementwise.ternary(TernaryOp.ADDCDIV_SQRT, this, num, sq, 1, value, scale, eps, true);
    }

    /**
     * One step of Adam on this parameter, in one pass over it, its gradient and its two moments
     * (all contiguous, of one shape, floating dtype and device), in place on this, {@code expAvg} and
     * {@code expAvgSq}:
     * <pre>
     * expAvg   = beta1 * expAvg + (1 - beta1) * grad
     * expAvgSq = beta2 * expAvgSq + (1 - beta2) * grad^2
     * this    += stepSize * expAvg / (invBc2Sqrt * sqrt(expAvgSq) + eps)
     * </pre>
     * ({@code stepSize = -lr / (1 - beta1^t)}, {@code invBc2Sqrt = 1 / sqrt(1 - beta2^t)}). A moment
     * smaller in magnitude than the smallest normal number is stored as zero: a model that fits its
     * data drives its moments into subnormal numbers, on which x86 arithmetic is many times slower
     * (measured: this update 38 us on [256, 784] with normal moments, 420 us with subnormal ones), and
     * the flush cannot show in the parameter (a subnormal first moment moves it by under 1e-30; a
     * subnormal second moment is lost against eps).
     */
    public NDArray adamStep_(NDArray grad, NDArray expAvg, NDArray expAvgSq, double beta1, double beta2,
                             double stepSize, double invBc2Sqrt, double eps) {
        if (!adamStepApplies(this, grad, expAvg, expAvgSq)) {
            throw new IllegalArgumentException("adam_step: expected param, grad, exp_avg and exp_avg_sq contiguous,"
                    + " of one shape, floating dtype and device, but got " + describe(this) + ", " + describe(grad)
                    + ", " + describe(expAvg) + ", " + describe(expAvgSq));
        }
        backend().adamStep(this, grad, expAvg, expAvgSq, beta1, beta2, stepSize, invBc2Sqrt, eps);
        storage.bumpVersion();
        expAvg.storage.bumpVersion();
        expAvgSq.storage.bumpVersion();
        return this;
    }

    /** Whether {@link #adamStep_} takes these: all contiguous, of one shape, floating dtype and device. */
    public static boolean adamStepApplies(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq) {
        for (NDArray t : new NDArray[] {param, grad, expAvg, expAvgSq}) {
            if (!t.isContiguous() || !Arrays.equals(t.shape(), param.shape()) || t.dtype() != param.dtype()
                    || t.device() != param.device() || !param.dtype().isFloatingPoint()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(NDArray t) {
        return Shapes.str(t.shape()) + " " + t.dtype() + " on " + t.device() + (t.isContiguous() ? "" : " (not contiguous)");
    }

    /** {@code this = beta * this + alpha * t1 * t2} in one pass (a decayed running average of products). */
    public NDArray mulAddcmul_(double beta, NDArray t1, NDArray t2, double alpha) {
        return Elementwise.ternary(TernaryOp.ADDCMUL, this, t1, t2, beta, alpha, 1, 0, true);
    }

    public NDArray neg_() { return Elementwise.unaryInPlace(UnaryOp.NEG, this, 0, 0); }
    public NDArray relu_() { return Elementwise.unaryInPlace(UnaryOp.RELU, this, 0, 0); }
    public NDArray exp_() { return Elementwise.unaryInPlace(UnaryOp.EXP, this, 0, 0); }
    public NDArray sqrt_() { return Elementwise.unaryInPlace(UnaryOp.SQRT, this, 0, 0); }
    public NDArray sigmoid_() { return Elementwise.unaryInPlace(UnaryOp.SIGMOID, this, 0, 0); }
    public NDArray tanh_() { return Elementwise.unaryInPlace(UnaryOp.TANH, this, 0, 0); }

    public NDArray clamp_(double min, double max) {
        if (!dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("clamp_: result type " + DType.defaultFloat().torchName()
                    + " can't be cast to the desired output type " + dtype().torchName() + " (use integer bounds)");
        }
        return Elementwise.unaryInPlace(UnaryOp.CLAMP, this, bound(min, Double.NEGATIVE_INFINITY),
                bound(max, Double.POSITIVE_INFINITY));
    }

    public NDArray clamp_(long min, long max) {
        return Elementwise.unaryInPlace(UnaryOp.CLAMP, this, min, max);
    }

    /** Sets every element to value (cast to this dtype). */
    public NDArray fill_(double value) {
        checkWritable("fill_");
        return copy_(wrapFor(value));
    }

    public NDArray fill_(long value) {
        checkWritable("fill_");
        return copy_(wrap(value, device()));
    }

    private NDArray wrapFor(double value) {
        return wrap(value, device());
    }

    public NDArray zero_() {
        return fill_(0L);
    }

    /** Sets elements where mask is true to value, in place. */
    public NDArray maskedFill_(NDArray mask, double value) {
        checkWritable("masked_fill_");
        return copy_(Indexing.maskedFill(this, mask, value, true));
    }

    void checkWritable(String op) {
        for (int i = 0; i < dim(); i++) {
            if (layout.stride(i) == 0 && layout.size(i) > 1) {
                throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the written-to"
                        + " tensor refers to a single memory location. Please clone() the tensor before performing the"
                        + " operation.");
            }
        }
    }

    // =====================================================================================
    // Reductions
    // =====================================================================================

    /** Sum of all elements (0-d); integers and bools sum into int64. */
    public NDArray sum() { return Reductions.sum(this, new int[0], false); }
    public NDArray sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    public NDArray sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }
    /** Sum over several dims; an empty array means all dims. */
    public NDArray sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }

    public NDArray mean() { return Reductions.mean(this, new int[0], false); }
    public NDArray mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
    public NDArray mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }
    public NDArray mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }

    public NDArray prod() { return Reductions.prod(this, new int[0], false); }
    public NDArray prod(int dim, boolean keepDim) { return Reductions.prod(this, new int[] {dim}, keepDim); }

    /** Largest element over dims (no indices); NaN propagates. */
    public NDArray amax(int[] dims, boolean keepDim) { return Reductions.extreme(ReduceOp.MAX, this, dims, keepDim); }
    public NDArray amin(int[] dims, boolean keepDim) { return Reductions.extreme(ReduceOp.MIN, this, dims, keepDim); }

    /** Largest element of all (0-d). */
    public NDArray max() { return Reductions.extremeAll(ReduceOp.MAX, this, "max"); }
    public NDArray min() { return Reductions.extremeAll(ReduceOp.MIN, this, "min"); }

    /** Largest element along a dim and its index (the first, on ties). */
    public ValuesIndices max(int dim) { return Reductions.argReduce(true, this, dim, false, true); }
    public ValuesIndices max(int dim, boolean keepDim) { return Reductions.argReduce(true, this, dim, keepDim, true); }
    public ValuesIndices min(int dim) { return Reductions.argReduce(false, this, dim, false, true); }
    public ValuesIndices min(int dim, boolean keepDim) { return Reductions.argReduce(false, this, dim, keepDim, true); }

    /** Index of the largest element of the flattened array. */
    public NDArray argmax() { return Reductions.argReduce(true, reshape(-1), 0, false, false).indices(); }
    public NDArray argmax(int dim, boolean keepDim) { return Reductions.argReduce(true, this, dim, keepDim, false).indices(); }
    public NDArray argmin() { return Reductions.argReduce(false, reshape(-1), 0, false, false).indices(); }
    public NDArray argmin(int dim, boolean keepDim) { return Reductions.argReduce(false, this, dim, keepDim, false).indices(); }

    /** Variance with Bessel's correction (correction 1) over all elements. */
    public NDArray var() { return Reductions.var(this, new int[0], 1, false); }
    /** Variance over dims, dividing by {@code N - correction}. */
    public NDArray var(int[] dims, double correction, boolean keepDim) { return Reductions.var(this, dims, correction, keepDim); }
    public NDArray std() { return var().sqrt(); }
    public NDArray std(int[] dims, double correction, boolean keepDim) { return var(dims, correction, keepDim).sqrt(); }

    /** The 2-norm of all elements. */
    public NDArray norm() { return Reductions.norm(this, 2, new int[0], false); }
    /** The p-norm over dims (p may be 0, 1, 2, any real, or +-infinity). */
    public NDArray norm(double p) { return Reductions.norm(this, p, new int[0], false); }
    public NDArray norm(double p, int[] dims, boolean keepDim) { return Reductions.norm(this, p, dims, keepDim); }

    /** {@code log(sum(exp(x)))} over dims, without overflow. */
    public NDArray logsumexp(int[] dims, boolean keepDim) { return Reductions.logsumexp(this, dims, keepDim); }
    public NDArray logsumexp(int dim, boolean keepDim) { return Reductions.logsumexp(this, new int[] {dim}, keepDim); }

    public NDArray all() { return Reductions.logical(ReduceOp.ALL, this, new int[0], false); }
    public NDArray all(int dim, boolean keepDim) { return Reductions.logical(ReduceOp.ALL, this, new int[] {dim}, keepDim); }
    public NDArray any() { return Reductions.logical(ReduceOp.ANY, this, new int[0], false); }
    public NDArray any(int dim, boolean keepDim) { return Reductions.logical(ReduceOp.ANY, this, new int[] {dim}, keepDim); }

    public NDArray cumsum(int dim) { return Reductions.cumulative(false, this, dim); }
    public NDArray cumprod(int dim) { return Reductions.cumulative(true, this, dim); }

    /** Softmax along a dim, computed stably (max subtracted). */
    public NDArray softmax(int dim) { return Reductions.softmax(this, dim, false); }
    public NDArray logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

    // =====================================================================================
    // Linear algebra
    // =====================================================================================

    /** Matrix product with PyTorch's rules: 1-D operands, 2-D, and batched with broadcasting. */
    public NDArray matmul(NDArray other) { return LinearAlgebra.matmul(this, other); }
    /** Strictly 2-D matrix product. */
    public NDArray mm(NDArray other) { return LinearAlgebra.mm(this, other); }
    /** Strictly 3-D batched product with equal batch sizes. */
    public NDArray bmm(NDArray other) { return LinearAlgebra.bmm(this, other); }
    /** Inner product of two 1-D arrays (0-d result). */
    public NDArray dot(NDArray other) { return LinearAlgebra.dot(this, other); }
    /** Outer product of two 1-D arrays. */
    public NDArray outer(NDArray other) { return LinearAlgebra.outer(this, other); }

    /** {@code beta * this + alpha * (mat1 @ mat2)}, this broadcast to the product's shape. */
    public NDArray addmm(NDArray mat1, NDArray mat2, double beta, double alpha) {
        return LinearAlgebra.addmm(this, mat1, mat2, beta, alpha);
    }

    public NDArray addmm(NDArray mat1, NDArray mat2) {
        return addmm(mat1, mat2, 1, 1);
    }

    // =====================================================================================
    // Indexing, joining, shaping
    // =====================================================================================

    public NDArray indexSelect(int dim, NDArray index) { return Indexing.indexSelect(this, dim, index); }
    public NDArray gather(int dim, NDArray index) { return Indexing.gather(this, dim, index); }
    public NDArray scatter(int dim, NDArray index, NDArray src) { return Indexing.scatter(this, dim, index, src, false, false); }
    public NDArray scatter(int dim, NDArray index, double value) {
        return Indexing.scatter(this, dim, index, NDArray.scalar(value, dtype()).to(device()), false, false);
    }
    public NDArray scatterAdd(int dim, NDArray index, NDArray src) { return Indexing.scatter(this, dim, index, src, true, false); }
    public NDArray scatter_(int dim, NDArray index, NDArray src) { return Indexing.scatter(this, dim, index, src, false, true); }
    public NDArray scatterAdd_(int dim, NDArray index, NDArray src) { return Indexing.scatter(this, dim, index, src, true, true); }

    /** Adds the slices of src into the slices {@code index} of this along dim. */
    public NDArray indexAdd(int dim, NDArray index, NDArray src) { return Indexing.indexAdd(this, dim, index, src, false); }
    public NDArray indexAdd_(int dim, NDArray index, NDArray src) { return Indexing.indexAdd(this, dim, index, src, true); }

    /** Elements at flat indices (negative ones count from the end); the result has index's shape. */
    public NDArray take(NDArray index) { return Indexing.take(this, index); }

    /** Joins arrays along an existing dim. */
    public static NDArray cat(List<NDArray> arrays, int dim) { return Indexing.cat(arrays, dim); }
    public static NDArray cat(int dim, NDArray... arrays) { return Indexing.cat(List.of(arrays), dim); }
    /** Joins same-shape arrays along a new dim. */
    public static NDArray stack(List<NDArray> arrays, int dim) { return Indexing.stack(arrays, dim); }
    public static NDArray stack(int dim, NDArray... arrays) { return Indexing.stack(List.of(arrays), dim); }

    /** Views of {@code splitSize} along dim (the last may be smaller). */
    public List<NDArray> split(int splitSize, int dim) { return Indexing.split(this, splitSize, dim); }
    /** Views with the given sizes along dim. */
    public List<NDArray> split(int[] sizes, int dim) { return Indexing.split(this, sizes, dim); }
    public List<NDArray> chunk(int chunks, int dim) { return Indexing.chunk(this, chunks, dim); }
    public List<NDArray> unbind(int dim) { return Indexing.unbind(this, dim); }

    /** Lower triangle (elements with {@code col - row <= diagonal}), the rest zero. */
    public NDArray tril(int diagonal) { return Indexing.triangle(this, diagonal, true); }
    public NDArray triu(int diagonal) { return Indexing.triangle(this, diagonal, false); }
    public NDArray tril() { return tril(0); }
    public NDArray triu() { return triu(0); }

    /**
     * Constant padding as torch.nn.functional.pad: {@code pad} holds (before, after) pairs starting
     * from the last dim; negative amounts crop.
     */
    public NDArray pad(int[] pad, double value) { return Indexing.pad(this, pad, value); }

    /** One-hot int64 encoding of int64 class indices; numClasses -1 means max + 1. */
    public static NDArray oneHot(NDArray indices, int numClasses) { return Indexing.oneHot(indices, numClasses); }

    // =====================================================================================
    // Windows: unfold/fold, pooling
    // =====================================================================================

    /** im2col as torch.nn.functional.unfold: {@code [N, C, H, W] -> [N, C*kh*kw, L]}. */
    public NDArray unfold(Window2d w) { return Windows.unfold(this, w); }

    /** col2im as torch.nn.functional.fold, summing overlaps: {@code [N, C*kh*kw, L] -> [N, C, H, W]}. */
    public NDArray fold(int outH, int outW, Window2d w) { return Windows.fold(this, outH, outW, w); }

    /** Max pooling over {@code [N, C, H, W]} (or {@code [C, H, W]}) with PyTorch's flat indices. */
    public ValuesIndices maxPool2d(Window2d w, boolean ceilMode) { return Windows.maxPool2d(this, w, ceilMode, true); }

    /** Max pooling values only (no indices to compute or keep), for inference. */
    public NDArray maxPool2dValues(Window2d w, boolean ceilMode) {
        return Windows.maxPool2d(this, w, ceilMode, false).values();
    }

    /** Gradient of max pooling: gradOutput added at the argmax positions. */
    public static NDArray maxPool2dBackward(NDArray gradOutput, NDArray indices, int[] inputShape) {
        return Windows.maxPool2dBackward(gradOutput, indices, inputShape);
    }

    /** Average pooling; divisorOverride 0 means the window size. */
    public NDArray avgPool2d(Window2d w, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        return Windows.avgPool2d(this, w, ceilMode, countIncludePad, divisorOverride);
    }

    public static NDArray avgPool2dBackward(NDArray gradOutput, int[] inputShape, Window2d w, boolean ceilMode,
                                            boolean countIncludePad, int divisorOverride) {
        return Windows.avgPool2dBackward(gradOutput, inputShape, w, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * 2-D convolution (cross-correlation, as torch.nn.functional.conv2d) of this {@code [N, C, H, W]}
     * (or {@code [C, H, W]}) with {@code weight [O, C/groups, kh, kw]} and an optional {@code bias [O]};
     * the window's kernel size must be the weight's.
     */
    public NDArray conv2d(NDArray weight, NDArray bias, Window2d w, int groups) {
        return Convolution.conv2d(this, weight, bias, w, groups);
    }

    /** The gradient of {@link #conv2d} with respect to its input, of {@code inputShape}. */
    public static NDArray conv2dBackwardInput(NDArray gradOutput, NDArray weight, int[] inputShape, Window2d w,
                                              int groups) {
        return Convolution.backwardInput(gradOutput, weight, inputShape, w, groups);
    }

    /** The gradient of {@link #conv2d} with respect to its weight, of {@code weightShape}. */
    public static NDArray conv2dBackwardWeight(NDArray gradOutput, NDArray input, int[] weightShape, Window2d w,
                                               int groups) {
        return Convolution.backwardWeight(gradOutput, input, weightShape, w, groups);
    }

    // =====================================================================================
    // Values out
    // =====================================================================================

    /** The single element as a double (any dtype; bools are 0/1). */
    public double item() {
        checkOneElement();
        Object h = backend().toHost(this);
        return switch (h) {
            case float[] f -> f[0];
            case double[] d -> d[0];
            case long[] l -> l[0];
            case boolean[] b -> b[0] ? 1 : 0;
            default -> throw new IllegalStateException();
        };
    }

    /** The single element as a long (exact for int64). */
    public long itemLong() {
        checkOneElement();
        Object h = backend().toHost(this);
        return h instanceof long[] l ? l[0] : (long) item();
    }

    private void checkOneElement() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
    }

    /** One element by index (negative indices count from the end). */
    public double get(int... index) {
        if (index.length != dim()) {
            throw new IllegalArgumentException("get: expected " + dim() + " indices for shape " + Shapes.str(shape())
                    + ", got " + index.length);
        }
        NDArray x = this;
        for (int i : index) {
            x = x.select(0, i);
        }
        return x.item();
    }

    /** All elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).hostCopy();
    }

    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).hostCopy();
    }

    public long[] toLongArray() {
        return (long[]) to(DType.INT64).hostCopy();
    }

    public boolean[] toBooleanArray() {
        return (boolean[]) to(DType.BOOL).hostCopy();
    }

    private Object hostCopy() {
        return backend().toHost(this);
    }

    /** True when shapes match and every element is equal (dtypes may differ, as torch.equal). */
    public boolean equal(NDArray other) {
        return java.util.Arrays.equals(shape(), other.shape()) && (numel() == 0 || eq(other).all().item() != 0);
    }

    /** {@code |this - other| <= atol + rtol * |other|} everywhere, with broadcasting. */
    public boolean allclose(NDArray other, double rtol, double atol, boolean equalNan) {
        Shapes.broadcast("allclose", shape(), other.shape());
        NDArray a = to(DType.FLOAT64);
        NDArray b = other.to(DType.FLOAT64);
        NDArray close = a.sub(b).abs().le(b.abs().mul(rtol).add(atol));
        // Equal infinities are close; NaNs only when asked.
        close = close.logicalOr(a.eq(b));
        if (equalNan) {
            close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
        }
        return close.numel() == 0 || close.all().item() != 0;
    }

    public boolean allclose(NDArray other) {
        return allclose(other, 1e-5, 1e-8, false);
    }

    /** PyTorch's printout: {@code tensor([[1., 2.], [3., 4.]])}, summarised when large. */
    @Override
    public String toString() {
        if (closed) {
            return "NDArray(closed, shape=" + Shapes.str(shape()) + ", dtype=" + dtype().torchName() + ")";
        }
        return TensorFormatter.format(this, List.of());
    }
}
