package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * Views, reshapes and conversions. Reshape-like views send the gradient back through the inverse
 * reshape or permutation; views that pick a part (narrow, select, slice, diagonal) scatter it into
 * zeros of the input's shape through the same view; expand needs nothing, as the engine sums a
 * gradient down to its input's shape.
 */
public final class ViewFunctions {
    private static final Tensor[] NONE = new Tensor[0];

    private ViewFunctions() {
    }

    private static Tensor asView(Tensor x, Tensor result) {
        return result.data().storage() == x.data().storage() ? result.markViewOf(x) : result;
    }

    /** Any reshape of x (view, squeeze, unsqueeze, flatten, unflatten): the gradient is reshaped back. */
    public static Tensor reshapeLike(Tensor x, NDArray result) {
        int[] in = x.shape();
        return asView(x, record("view", result, in(x), NONE, (g, s) -> in(g.reshape(in))));
    }

    public static Tensor view(Tensor x, int[] shape) {
        return reshapeLike(x, x.data().view(shape));
    }

    public static Tensor reshape(Tensor x, int[] shape) {
        return reshapeLike(x, x.data().reshape(shape));
    }

    public static Tensor permute(Tensor x, int[] dims) {
        int[] d = Shapes.normalizeDims("permute", dims, x.dim());
        NDArray r = x.data().permute(dims);
        int[] inverse = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            inverse[d[i]] = i;
        }
        return asView(x, record("permute", r, in(x), NONE, (g, s) -> in(g.permute(inverse))));
    }

    public static Tensor transpose(Tensor x, int a, int b) {
        return asView(x, record("transpose", x.data().transpose(a, b), in(x), NONE, (g, s) -> in(g.transpose(a, b))));
    }

    public static Tensor expand(Tensor x, int[] shape) {
        return asView(x, record("expand", x.data().expand(shape), in(x), NONE, (g, s) -> in(g)));
    }

    public static Tensor broadcastTo(Tensor x, int[] shape) {
        return asView(x, record("expand", x.data().broadcastTo(shape), in(x), NONE, (g, s) -> in(g)));
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        return part(x, "narrow", a -> a.narrow(dim, start, length));
    }

    public static Tensor select(Tensor x, int dim, int index) {
        return part(x, "select", a -> a.select(dim, index));
    }

    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        return part(x, "slice", a -> a.slice(dim, start, end, step));
    }

    public static Tensor diagonal(Tensor x, int offset, int d1, int d2) {
        return part(x, "diagonal", a -> a.diagonal(offset, d1, d2));
    }

    /** A view that picks part of x: its backward writes the gradient into zeros through the same view. */
    static Tensor part(Tensor x, String op, UnaryOperator<NDArray> view) {
        int[] shape = x.shape();
        return asView(x, record(op, view.apply(x.data()), in(x), NONE, (g, s) -> in(scatterIntoView(g, shape, op, view))));
    }

    /** zeros(shape) with {@code view(zeros) = g}; differentiable in g (its backward is the view again). */
    static Tensor scatterIntoView(Tensor g, int[] shape, String op, UnaryOperator<NDArray> view) {
        NDArray z = NDArray.zeros(shape, g.dtype(), g.device());
        view.apply(z).copy_(g.data());
        return record(op + "_backward", z, in(g), NONE, (gg, s) -> in(part(gg, op, view)));
    }

    public static List<Tensor> split(Tensor x, List<NDArray> parts, int dim) {
        int d = Shapes.normalizeDim("split", dim, x.dim());
        List<Tensor> out = new ArrayList<>();
        int off = 0;
        for (NDArray p : parts) {
            int len = p.size(d);
            out.add(narrow(x, d, off, len));
            off += len;
        }
        return out;
    }

    public static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) {
            return x;
        }
        return record("contiguous", x.data().contiguous(), in(x), NONE, (g, s) -> in(g));
    }

    public static Tensor cloneTensor(Tensor x) {
        return record("clone", x.data().clone(), in(x), NONE, (g, s) -> in(g));
    }

    public static Tensor toDType(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        if (!dtype.isFloatingPoint()) {
            return Tensor.of(x.data().to(dtype));
        }
        return record("to_copy", x.data().to(dtype), in(x), NONE, (g, s) -> in(g));
    }

    public static Tensor toDevice(Tensor x, Device device) {
        if (x.device().equals(device)) {
            return x;
        }
        Device from = x.device();
        return record("to_copy", x.data().to(device), in(x), NONE, (g, s) -> in(g.to(from)));
    }
}
