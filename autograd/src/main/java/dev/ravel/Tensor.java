package dev.ravel;

import dev.ravel.autograd.AccumulateGrad;
import dev.ravel.autograd.Edge;
import dev.ravel.autograd.Engine;
import dev.ravel.autograd.GradMode;
import dev.ravel.autograd.IndexFunctions;
import dev.ravel.autograd.LinalgFunctions;
import dev.ravel.autograd.NnFunctions;
import dev.ravel.autograd.Node;
import dev.ravel.autograd.PointwiseFunctions;
import dev.ravel.autograd.ReductionFunctions;
import dev.ravel.autograd.RemovableHandle;
import dev.ravel.autograd.ViewFunctions;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.TensorFormatter;
import dev.ravel.tensor.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A differentiable tensor: an {@link NDArray} plus {@code requiresGrad}, {@code grad} and
 * {@code gradFn}, like {@code torch.Tensor}. Ops record a graph when grad mode is on and an input
 * requires grad; {@link #backward()} walks it and accumulates into the leaves' {@link #grad()}.
 *
 * <pre>{@code
 * Tensor w = Ravel.randn(3, 2).requiresGrad_();
 * Tensor loss = Ravel.ones(4, 3).matmul(w).relu().sum();
 * loss.backward();
 * System.out.println(w.grad());   // d loss / d w
 * }</pre>
 */
public class Tensor {
    private NDArray data;
    private boolean requiresGrad;
    private Node gradFn;
    private int outputNr;
    private Tensor grad;
    private AccumulateGrad accumulator;
    private boolean retainsGrad;
    private RemovableHandle retainGradHandle;
    /** The tensor this one is a view of (views share storage, and so the version counter). */
    private Tensor base;
    /** How many times an in-place op moved this tensor onto a new node while recording. */
    private int historyChanges;
    /** The base's historyChanges when this view was taken. */
    private int baseHistoryAtView;

    /** A leaf over {@code data}; subclasses (nn's Parameter) start here. */
    protected Tensor(NDArray data, boolean requiresGrad) {
        this(data, false, null, 0);
        requiresGrad_(requiresGrad);
    }

    private Tensor(NDArray data, boolean requiresGrad, Node gradFn, int outputNr) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
        this.outputNr = outputNr;
    }

    /** A tensor (leaf, no grad) over an NDArray, sharing its storage. */
    public static Tensor of(NDArray data) {
        return new Tensor(data, false, null, 0);
    }

    /** The output {@code outputNr} of the op whose backward is {@code gradFn}; for op implementations. */
    public static Tensor fromOp(NDArray data, Node gradFn, int outputNr) {
        return new Tensor(data, true, gradFn, outputNr);
    }

    // =====================================================================================
    // Data and metadata
    // =====================================================================================

    /** The values, without autograd. Writes through it bump the version like any in-place op. */
    public NDArray data() { return data; }

    /**
     * Replaces the values ({@code x.data = d} in PyTorch), keeping grad, history and identity: how
     * {@code module.to(device)} moves parameters without breaking optimizers that hold them.
     */
    public void setData(NDArray newData) {
        if (newData.dtype() != data.dtype() && requiresGrad && !newData.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("setData: a tensor that requires grad needs floating point data, got "
                    + newData.dtype().torchName());
        }
        data = java.util.Objects.requireNonNull(newData, "data");
    }
    public int[] shape() { return data.shape(); }
    public int size(int dim) { return data.size(dim); }
    public int dim() { return data.dim(); }
    public int numel() { return data.numel(); }
    public DType dtype() { return data.dtype(); }
    public Device device() { return data.device(); }
    public int[] strides() { return data.strides(); }
    public boolean isContiguous() { return data.isContiguous(); }
    /** How many in-place writes the storage has seen (shared by views). */
    public int version() { return data.storage().version(); }
    public double item() { return data.item(); }
    public long itemLong() { return data.itemLong(); }
    public float[] toFloatArray() { return data.toFloatArray(); }
    public double[] toDoubleArray() { return data.toDoubleArray(); }
    public long[] toLongArray() { return data.toLongArray(); }
    public boolean equal(Tensor other) { return data.equal(other.data); }
    public boolean allclose(Tensor other, double rtol, double atol) { return data.allclose(other.data, rtol, atol, false); }
    public boolean allclose(Tensor other) { return data.allclose(other.data); }

    // =====================================================================================
    // Autograd
    // =====================================================================================

    public boolean requiresGrad() {
        if (base != null) {
            checkViewCurrent();
        }
        return requiresGrad;
    }

    /** Marks a leaf as requiring grad (only floating point tensors can). */
    public Tensor requiresGrad_(boolean flag) {
        if (gradFn != null) {
            if (!flag) {
                throw new IllegalStateException("requires_grad_: you can only change requires_grad flags of leaf"
                        + " variables. If you want to use a computed variable in a subgraph that doesn't require"
                        + " differentiation use detach().");
            }
            return this;
        }
        if (flag && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requires_grad_: only Tensors of floating point dtype can require"
                    + " gradients, got " + dtype().torchName());
        }
        requiresGrad = flag;
        return this;
    }

    public Tensor requiresGrad_() { return requiresGrad_(true); }

    /** The accumulated gradient (a leaf's, or a non-leaf's after {@link #retainGrad()}), or null. */
    public Tensor grad() { return grad; }

    /** Replaces the gradient ({@code x.grad = g}); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), shape())) {
            throw new IllegalArgumentException("setGrad: assigned grad has shape " + Arrays.toString(g.shape())
                    + " but the tensor has shape " + Arrays.toString(shape()));
        }
        grad = g;
    }

    /** The backward node that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }
    public int outputNr() { return outputNr; }

    /** Leaves: tensors not produced by a recorded op (including all that do not require grad). */
    public boolean isLeaf() { return gradFn == null; }

    /** Where this tensor's gradient goes: its gradFn output, or its leaf accumulator. */
    public Edge gradientEdge() {
        if (gradFn != null) {
            return new Edge(gradFn, outputNr);
        }
        if (!requiresGrad) {
            throw new IllegalStateException("gradientEdge: tensor does not require grad");
        }
        if (accumulator == null) {
            accumulator = new AccumulateGrad(this);
        }
        return new Edge(accumulator, 0);
    }

    /** Keeps the gradient of a non-leaf in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retain_grad: can't retain_grad on Tensor that has requires_grad=False");
        }
        if (isLeaf() || retainsGrad) {
            return this;
        }
        retainsGrad = true;
        retainGradHandle = registerHook(g -> {
            grad = grad == null ? Tensor.of(g.data().clone()) : Tensor.of(grad.data().add(g.data()));
            return null;
        });
        return this;
    }

    public boolean retainsGrad() { return retainsGrad; }

    /**
     * Calls {@code hook} with this tensor's gradient when it is computed; a non-null return value
     * replaces the gradient.
     */
    public RemovableHandle registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("register_hook: cannot register a hook on a tensor that doesn't require"
                    + " gradient");
        }
        Edge e = gradientEdge();
        return e.node().addPreHook(e.inputNr(), hook);
    }

    /** Backward from a scalar. */
    public void backward() { backward(null, false, false); }
    public void backward(Tensor gradient) { backward(gradient, false, false); }

    /**
     * Computes the gradient of this tensor with respect to the graph leaves and accumulates it
     * into their {@link #grad()}. {@code retainGraph} keeps saved tensors for another backward;
     * {@code createGraph} records the backward itself, for higher-order derivatives.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.backward(List.of(this), gradient == null ? List.of() : List.of(gradient), retainGraph || createGraph,
                createGraph);
    }

    /** A new leaf over the same storage, cut from the graph. */
    public Tensor detach() {
        Tensor t = new Tensor(data, false, null, 0);
        t.base = base;
        return t;
    }

    /** Cuts this tensor from the graph in place. */
    public Tensor detach_() {
        if (base != null && base.requiresGrad) {
            throw new IllegalStateException("detach_: can't detach views in-place. Use detach() instead.");
        }
        gradFn = null;
        outputNr = 0;
        requiresGrad = false;
        return this;
    }

    Tensor base() { return base; }

    /** Marks this tensor as a view of {@code of} (for op implementations). */
    public Tensor markViewOf(Tensor of) {
        base = of.base != null ? of.base : of;
        baseHistoryAtView = base.historyChanges;
        return this;
    }

    /**
     * A view taken before an in-place op recorded new history on its base would carry the old
     * history (PyTorch rebases such views through CopySlices; Ravel does not yet), so using it
     * fails instead of giving wrong gradients.
     */
    private void checkViewCurrent() {
        if (base != null && base.historyChanges != baseHistoryAtView) {
            throw new IllegalStateException("a view was used after an in-place operation on its base was recorded"
                    + " (the base's history changed since the view was taken); Ravel cannot rebase such a view yet:"
                    + " take the view again after the in-place op, or use out-of-place ops");
        }
    }

    void rebase(Node node, int nr) {
        historyChanges++;
        gradFn = node;
        outputNr = nr;
        requiresGrad = node != null || requiresGrad;
        if (retainsGrad && node != null) {
            // .grad is the gradient of the current value: the retain hook moves to the new node, as in PyTorch
            retainGradHandle.remove();
            retainsGrad = false;
            retainGrad();
        }
    }

    boolean isViewOfGradTensor() {
        return base != null && (base.requiresGrad || requiresGrad);
    }

    // =====================================================================================
    // Conversion
    // =====================================================================================

    public Tensor to(DType dtype) { return ViewFunctions.toDType(this, dtype); }
    public Tensor to(Device device) { return ViewFunctions.toDevice(this, device); }
    public Tensor contiguous() { return ViewFunctions.contiguous(this); }
    @Override public Tensor clone() { return ViewFunctions.cloneTensor(this); }

    // =====================================================================================
    // Views
    // =====================================================================================

    public Tensor view(int... shape) { return ViewFunctions.view(this, shape); }
    public Tensor reshape(int... shape) { return ViewFunctions.reshape(this, shape); }
    public Tensor viewAs(Tensor other) { return view(other.shape()); }
    public Tensor reshapeAs(Tensor other) { return reshape(other.shape()); }
    public Tensor permute(int... dims) { return ViewFunctions.permute(this, dims); }
    public Tensor transpose(int dim0, int dim1) { return ViewFunctions.transpose(this, dim0, dim1); }
    public Tensor t() { return dim() < 2 ? this : transpose(0, 1); }
    public Tensor mT() { return transpose(-2, -1); }
    public Tensor narrow(int dim, int start, int length) { return ViewFunctions.narrow(this, dim, start, length); }
    public Tensor select(int dim, int index) { return ViewFunctions.select(this, dim, index); }
    public Tensor slice(int dim, int start, int end, int step) { return ViewFunctions.slice(this, dim, start, end, step); }
    public Tensor slice(int dim, int start, int end) { return slice(dim, start, end, 1); }
    public Tensor expand(int... shape) { return ViewFunctions.expand(this, shape); }
    public Tensor expandAs(Tensor other) { return expand(other.shape()); }
    public Tensor broadcastTo(int... shape) { return ViewFunctions.broadcastTo(this, shape); }
    public Tensor squeeze() { return ViewFunctions.reshapeLike(this, data.squeeze()); }
    public Tensor squeeze(int dim) { return ViewFunctions.reshapeLike(this, data.squeeze(dim)); }
    public Tensor unsqueeze(int dim) { return ViewFunctions.reshapeLike(this, data.unsqueeze(dim)); }
    public Tensor flatten() { return flatten(0, -1); }
    public Tensor flatten(int startDim, int endDim) { return ViewFunctions.reshapeLike(this, data.flatten(startDim, endDim)); }
    public Tensor unflatten(int dim, int... sizes) { return ViewFunctions.reshapeLike(this, data.unflatten(dim, sizes)); }
    public Tensor diagonal() { return diagonal(0, 0, 1); }
    public Tensor diagonal(int offset, int dim1, int dim2) { return ViewFunctions.diagonal(this, offset, dim1, dim2); }
    public List<Tensor> split(int splitSize, int dim) { return ViewFunctions.split(this, data.split(splitSize, dim), dim); }
    public List<Tensor> split(int[] sizes, int dim) { return ViewFunctions.split(this, data.split(sizes, dim), dim); }
    public List<Tensor> chunk(int chunks, int dim) { return ViewFunctions.split(this, data.chunk(chunks, dim), dim); }
    public List<Tensor> unbind(int dim) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < size(dim); i++) {
            out.add(select(dim, i));
        }
        return out;
    }
    /** Reverses the order along dims. */
    public Tensor flip(int... dims) { return IndexFunctions.flip(this, dims); }

    // =====================================================================================
    // Pointwise
    // =====================================================================================

    public Tensor neg() { return PointwiseFunctions.neg(this); }
    public Tensor abs() { return PointwiseFunctions.abs(this); }
    public Tensor sign() { return PointwiseFunctions.stepLike(this, "sign", data.sign()); }
    public Tensor floor() { return PointwiseFunctions.stepLike(this, "floor", data.floor()); }
    public Tensor ceil() { return PointwiseFunctions.stepLike(this, "ceil", data.ceil()); }
    public Tensor round() { return PointwiseFunctions.stepLike(this, "round", data.round()); }
    public Tensor trunc() { return PointwiseFunctions.stepLike(this, "trunc", data.trunc()); }
    public Tensor exp() { return PointwiseFunctions.exp(this); }
    public Tensor log() { return PointwiseFunctions.log(this); }
    public Tensor log1p() { return PointwiseFunctions.log1p(this); }
    public Tensor expm1() { return PointwiseFunctions.expm1(this); }
    public Tensor sqrt() { return PointwiseFunctions.sqrt(this); }
    public Tensor rsqrt() { return PointwiseFunctions.rsqrt(this); }
    public Tensor square() { return PointwiseFunctions.square(this); }
    public Tensor reciprocal() { return PointwiseFunctions.reciprocal(this); }
    public Tensor sin() { return PointwiseFunctions.sin(this); }
    public Tensor cos() { return PointwiseFunctions.cos(this); }
    public Tensor tanh() { return PointwiseFunctions.tanh(this); }
    public Tensor sigmoid() { return PointwiseFunctions.sigmoid(this); }
    public Tensor relu() { return PointwiseFunctions.relu(this); }
    public Tensor gelu() { return PointwiseFunctions.gelu(this, "none"); }
    public Tensor gelu(String approximate) { return PointwiseFunctions.gelu(this, approximate); }
    public Tensor silu() { return PointwiseFunctions.silu(this); }
    public Tensor softplus() { return softplus(1, 20); }
    public Tensor softplus(double beta, double threshold) { return PointwiseFunctions.softplus(this, beta, threshold); }
    public Tensor erf() { return PointwiseFunctions.erf(this); }
    public Tensor leakyRelu(double negativeSlope) { return PointwiseFunctions.leakyRelu(this, negativeSlope); }
    public Tensor elu(double alpha) { return PointwiseFunctions.elu(this, alpha); }
    public Tensor clamp(double min, double max) { return PointwiseFunctions.clamp(this, min, max); }
    public Tensor clampMin(double min) { return clamp(min, Double.NaN); }
    public Tensor clampMax(double max) { return clamp(Double.NaN, max); }
    public Tensor isnan() { return Tensor.of(data.isnan()); }
    public Tensor isinf() { return Tensor.of(data.isinf()); }
    public Tensor isfinite() { return Tensor.of(data.isfinite()); }

    public Tensor add(Tensor other) { return PointwiseFunctions.add(this, other); }
    public Tensor add(Tensor other, double alpha) { return alpha == 1 ? add(other) : add(other.mul(alpha)); }
    public Tensor add(double other) { return PointwiseFunctions.addScalar(this, data.add(other)); }
    public Tensor add(long other) { return PointwiseFunctions.addScalar(this, data.add(other)); }
    public Tensor sub(Tensor other) { return PointwiseFunctions.sub(this, other); }
    public Tensor sub(double other) { return PointwiseFunctions.addScalar(this, data.sub(other)); }
    public Tensor sub(long other) { return PointwiseFunctions.addScalar(this, data.sub(other)); }
    /** {@code other - this}. */
    public Tensor rsub(double other) { return PointwiseFunctions.mulScalar(this, data.rsub(other), -1); }
    public Tensor mul(Tensor other) { return PointwiseFunctions.mul(this, other); }
    public Tensor mul(double other) { return PointwiseFunctions.mulScalar(this, data.mul(other), other); }
    public Tensor mul(long other) { return PointwiseFunctions.mulScalar(this, data.mul(other), other); }
    public Tensor div(Tensor other) { return PointwiseFunctions.div(this, other); }
    public Tensor div(double other) { return PointwiseFunctions.mulScalar(this, data.div(other), 1.0 / other); }
    public Tensor div(long other) { return PointwiseFunctions.mulScalar(this, data.div(other), 1.0 / other); }
    /** {@code other / this}. */
    public Tensor rdiv(double other) { return PointwiseFunctions.rdiv(this, other); }
    public Tensor pow(Tensor exponent) { return PointwiseFunctions.pow(this, exponent); }
    public Tensor pow(double exponent) { return PointwiseFunctions.pow(this, exponent); }
    public Tensor maximum(Tensor other) { return PointwiseFunctions.maximum(this, other, true); }
    public Tensor minimum(Tensor other) { return PointwiseFunctions.maximum(this, other, false); }
    public Tensor floorDivide(Tensor other) { return PointwiseFunctions.notDifferentiable("floor_divide", data.floorDivide(other.data), this, other); }
    public Tensor floorDivide(long other) { return PointwiseFunctions.notDifferentiable("floor_divide", data.floorDivide(other), this); }
    public Tensor remainder(Tensor other) { return PointwiseFunctions.remainder(this, other); }
    public Tensor remainder(double other) { return PointwiseFunctions.addScalar(this, data.remainder(other)); }

    public Tensor eq(Tensor other) { return Tensor.of(data.eq(other.data)); }
    public Tensor eq(double other) { return Tensor.of(data.eq(other)); }
    public Tensor ne(Tensor other) { return Tensor.of(data.ne(other.data)); }
    public Tensor ne(double other) { return Tensor.of(data.ne(other)); }
    public Tensor lt(Tensor other) { return Tensor.of(data.lt(other.data)); }
    public Tensor lt(double other) { return Tensor.of(data.lt(other)); }
    public Tensor le(Tensor other) { return Tensor.of(data.le(other.data)); }
    public Tensor le(double other) { return Tensor.of(data.le(other)); }
    public Tensor gt(Tensor other) { return Tensor.of(data.gt(other.data)); }
    public Tensor gt(double other) { return Tensor.of(data.gt(other)); }
    public Tensor ge(Tensor other) { return Tensor.of(data.ge(other.data)); }
    public Tensor ge(double other) { return Tensor.of(data.ge(other)); }
    public Tensor logicalAnd(Tensor other) { return Tensor.of(data.logicalAnd(other.data)); }
    public Tensor logicalOr(Tensor other) { return Tensor.of(data.logicalOr(other.data)); }
    public Tensor logicalXor(Tensor other) { return Tensor.of(data.logicalXor(other.data)); }
    public Tensor logicalNot() { return Tensor.of(data.logicalNot()); }

    /** {@code cond ? x : y}, differentiable in x and y. */
    public static Tensor where(Tensor cond, Tensor x, Tensor y) { return PointwiseFunctions.where(cond, x, y); }
    public Tensor maskedFill(Tensor mask, double value) { return PointwiseFunctions.maskedFill(this, mask, value); }

    // =====================================================================================
    // Reductions
    // =====================================================================================

    public Tensor sum() { return ReductionFunctions.sum(this, new int[0], false); }
    public Tensor sum(int dim) { return ReductionFunctions.sum(this, new int[] {dim}, false); }
    public Tensor sum(int dim, boolean keepDim) { return ReductionFunctions.sum(this, new int[] {dim}, keepDim); }
    public Tensor sum(int[] dims, boolean keepDim) { return ReductionFunctions.sum(this, dims, keepDim); }
    public Tensor mean() { return ReductionFunctions.mean(this, new int[0], false); }
    public Tensor mean(int dim) { return ReductionFunctions.mean(this, new int[] {dim}, false); }
    public Tensor mean(int dim, boolean keepDim) { return ReductionFunctions.mean(this, new int[] {dim}, keepDim); }
    public Tensor mean(int[] dims, boolean keepDim) { return ReductionFunctions.mean(this, dims, keepDim); }
    public Tensor prod() { return ReductionFunctions.prod(flatten(), 0, false).reshape(); }
    public Tensor prod(int dim, boolean keepDim) { return ReductionFunctions.prod(this, dim, keepDim); }
    public Tensor amax(int[] dims, boolean keepDim) { return ReductionFunctions.amax(this, dims, keepDim, true); }
    public Tensor amin(int[] dims, boolean keepDim) { return ReductionFunctions.amax(this, dims, keepDim, false); }
    public Tensor max() { return ReductionFunctions.maxAll(this, true); }
    public Tensor min() { return ReductionFunctions.maxAll(this, false); }
    public ValuesIndices max(int dim) { return ReductionFunctions.maxDim(this, dim, false, true); }
    public ValuesIndices max(int dim, boolean keepDim) { return ReductionFunctions.maxDim(this, dim, keepDim, true); }
    public ValuesIndices min(int dim) { return ReductionFunctions.maxDim(this, dim, false, false); }
    public ValuesIndices min(int dim, boolean keepDim) { return ReductionFunctions.maxDim(this, dim, keepDim, false); }
    public Tensor argmax() { return Tensor.of(data.argmax()); }
    public Tensor argmax(int dim, boolean keepDim) { return Tensor.of(data.argmax(dim, keepDim)); }
    public Tensor argmin() { return Tensor.of(data.argmin()); }
    public Tensor argmin(int dim, boolean keepDim) { return Tensor.of(data.argmin(dim, keepDim)); }
    public Tensor var() { return ReductionFunctions.var(this, new int[0], 1, false); }
    public Tensor var(int[] dims, double correction, boolean keepDim) { return ReductionFunctions.var(this, dims, correction, keepDim); }
    public Tensor std() { return ReductionFunctions.std(this, new int[0], 1, false); }
    public Tensor std(int[] dims, double correction, boolean keepDim) { return ReductionFunctions.std(this, dims, correction, keepDim); }
    public Tensor norm() { return ReductionFunctions.norm(this, 2, new int[0], false); }
    public Tensor norm(double p) { return ReductionFunctions.norm(this, p, new int[0], false); }
    public Tensor norm(double p, int[] dims, boolean keepDim) { return ReductionFunctions.norm(this, p, dims, keepDim); }
    public Tensor logsumexp(int dim, boolean keepDim) { return ReductionFunctions.logsumexp(this, new int[] {dim}, keepDim); }
    public Tensor logsumexp(int[] dims, boolean keepDim) { return ReductionFunctions.logsumexp(this, dims, keepDim); }
    public Tensor all() { return Tensor.of(data.all()); }
    public Tensor any() { return Tensor.of(data.any()); }
    public Tensor all(int dim, boolean keepDim) { return Tensor.of(data.all(dim, keepDim)); }
    public Tensor any(int dim, boolean keepDim) { return Tensor.of(data.any(dim, keepDim)); }
    public Tensor cumsum(int dim) { return ReductionFunctions.cumsum(this, dim); }
    public Tensor cumprod(int dim) { return ReductionFunctions.cumprod(this, dim); }
    public Tensor softmax(int dim) { return ReductionFunctions.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return ReductionFunctions.softmax(this, dim, true); }

    // =====================================================================================
    // Linear algebra
    // =====================================================================================

    public Tensor matmul(Tensor other) { return LinalgFunctions.matmul(this, other); }
    public Tensor mm(Tensor other) { return LinalgFunctions.mm(this, other); }
    public Tensor bmm(Tensor other) { return LinalgFunctions.bmm(this, other); }
    public Tensor dot(Tensor other) { return LinalgFunctions.dot(this, other); }
    public Tensor outer(Tensor other) { return LinalgFunctions.outer(this, other); }
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) { return LinalgFunctions.addmm(this, mat1, mat2, beta, alpha); }
    public Tensor addmm(Tensor mat1, Tensor mat2) { return addmm(mat1, mat2, 1, 1); }

    // =====================================================================================
    // Indexing and joining
    // =====================================================================================

    public Tensor indexSelect(int dim, Tensor index) { return IndexFunctions.indexSelect(this, dim, index); }
    public Tensor gather(int dim, Tensor index) { return IndexFunctions.gather(this, dim, index); }
    public Tensor scatter(int dim, Tensor index, Tensor src) { return IndexFunctions.scatter(this, dim, index, src); }
    public Tensor scatter(int dim, Tensor index, double value) { return IndexFunctions.scatterValue(this, dim, index, value); }
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return IndexFunctions.scatterAdd(this, dim, index, src); }
    public Tensor indexAdd(int dim, Tensor index, Tensor src) { return IndexFunctions.indexAdd(this, dim, index, src); }
    public Tensor take(Tensor index) { return IndexFunctions.take(this, index); }
    public Tensor tril(int diagonal) { return IndexFunctions.triangle(this, diagonal, true); }
    public Tensor triu(int diagonal) { return IndexFunctions.triangle(this, diagonal, false); }
    public Tensor tril() { return tril(0); }
    public Tensor triu() { return triu(0); }
    public Tensor pad(int[] pad, double value) { return IndexFunctions.pad(this, pad, value); }
    public static Tensor cat(List<Tensor> tensors, int dim) { return IndexFunctions.cat(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors, int dim) { return IndexFunctions.stack(tensors, dim); }

    // =====================================================================================
    // Windows: unfold, fold, pooling
    // =====================================================================================

    public Tensor unfold(Window2d w) { return NnFunctions.unfold(this, w); }
    public Tensor fold(int outH, int outW, Window2d w) { return NnFunctions.fold(this, outH, outW, w); }
    public ValuesIndices maxPool2d(Window2d w, boolean ceilMode) { return NnFunctions.maxPool2d(this, w, ceilMode); }
    public Tensor avgPool2d(Window2d w, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        return NnFunctions.avgPool2d(this, w, ceilMode, countIncludePad, divisorOverride);
    }

    // =====================================================================================
    // In place (graph-aware: see InPlace)
    // =====================================================================================

    public Tensor add_(Tensor other) { return InPlace.apply(this, "add_", other, t -> t.add(other), d -> d.add_(other.data)); }
    public Tensor add_(Tensor other, double alpha) { return InPlace.apply(this, "add_", other, t -> t.add(other, alpha), d -> d.add_(other.data, alpha)); }
    public Tensor add_(double other) { return InPlace.apply(this, "add_", null, t -> t.add(other), d -> d.add_(other)); }
    public Tensor sub_(Tensor other) { return InPlace.apply(this, "sub_", other, t -> t.sub(other), d -> d.sub_(other.data)); }
    public Tensor sub_(double other) { return InPlace.apply(this, "sub_", null, t -> t.sub(other), d -> d.sub_(other)); }
    public Tensor mul_(Tensor other) { return InPlace.apply(this, "mul_", other, t -> t.mul(other), d -> d.mul_(other.data)); }
    public Tensor mul_(double other) { return InPlace.apply(this, "mul_", null, t -> t.mul(other), d -> d.mul_(other)); }
    public Tensor div_(Tensor other) { return InPlace.apply(this, "div_", other, t -> t.div(other), d -> d.div_(other.data)); }
    public Tensor div_(double other) { return InPlace.apply(this, "div_", null, t -> t.div(other), d -> d.div_(other)); }
    public Tensor neg_() { return InPlace.apply(this, "neg_", null, Tensor::neg, NDArray::neg_); }
    public Tensor relu_() { return InPlace.apply(this, "relu_", null, Tensor::relu, NDArray::relu_); }
    public Tensor sigmoid_() { return InPlace.apply(this, "sigmoid_", null, Tensor::sigmoid, NDArray::sigmoid_); }
    public Tensor tanh_() { return InPlace.apply(this, "tanh_", null, Tensor::tanh, NDArray::tanh_); }
    public Tensor exp_() { return InPlace.apply(this, "exp_", null, Tensor::exp, NDArray::exp_); }
    public Tensor sqrt_() { return InPlace.apply(this, "sqrt_", null, Tensor::sqrt, NDArray::sqrt_); }
    public Tensor clamp_(double min, double max) { return InPlace.apply(this, "clamp_", null, t -> t.clamp(min, max), d -> d.clamp_(min, max)); }
    public Tensor maskedFill_(Tensor mask, double value) { return InPlace.apply(this, "masked_fill_", null, t -> t.maskedFill(mask, value), d -> d.maskedFill_(mask.data, value)); }
    /** Copies src's values into this tensor; the gradient flows to src. */
    public Tensor copy_(Tensor src) { return InPlace.apply(this, "copy_", src, t -> src.expand(shape()).to(dtype()).add(t.mul(0L)), d -> d.copy_(src.data)); }
    public Tensor fill_(double value) { return InPlace.apply(this, "fill_", null, t -> t.mul(0L).add(value), d -> d.fill_(value)); }
    public Tensor zero_() { return InPlace.apply(this, "zero_", null, t -> t.mul(0L), NDArray::zero_); }
    public Tensor uniform_(double from, double to) { return InPlace.noGradFill(this, "uniform_", d -> d.uniform_(from, to)); }
    public Tensor uniform_(double from, double to, Generator g) { return InPlace.noGradFill(this, "uniform_", d -> d.uniform_(from, to, g)); }
    public Tensor normal_(double mean, double std) { return InPlace.noGradFill(this, "normal_", d -> d.normal_(mean, std)); }
    public Tensor normal_(double mean, double std, Generator g) { return InPlace.noGradFill(this, "normal_", d -> d.normal_(mean, std, g)); }
    public Tensor bernoulli_(double p) { return InPlace.noGradFill(this, "bernoulli_", d -> d.bernoulli_(p)); }
    /** {@code this += value * t1 * t2}; optimizers use it under no-grad. */
    public Tensor addcmul_(Tensor t1, Tensor t2, double value) { return InPlace.apply(this, "addcmul_", t1.requiresGrad() ? t1 : t2, t -> t.add(t1.mul(t2).mul(value)), d -> d.addcmul_(t1.data, t2.data, value)); }
    /** {@code this += value * t1 / t2}. */
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) { return InPlace.apply(this, "addcdiv_", t1.requiresGrad() ? t1 : t2, t -> t.add(t1.div(t2).mul(value)), d -> d.addcdiv_(t1.data, t2.data, value)); }
    /** {@code this += weight * (end - this)}. */
    public Tensor lerp_(Tensor end, double weight) { return InPlace.apply(this, "lerp_", end, t -> t.add(end.sub(t).mul(weight)), d -> d.lerp_(end.data, weight)); }

    @Override
    public String toString() {
        List<String> suffixes = new ArrayList<>();
        if (gradFn != null) {
            suffixes.add("grad_fn=<" + gradFn.name() + ">");
        } else if (requiresGrad) {
            suffixes.add("requires_grad=True");
        }
        return TensorFormatter.format(data, suffixes);
    }

    /** Values and indices from {@code max(dim)}/{@code min(dim)}; only values carry a gradient. */
    public record ValuesIndices(Tensor values, Tensor indices) {
    }

    static boolean gradModeOn() {
        return GradMode.isEnabled();
    }
}
