package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;

import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * Indexing and joining with their derivatives: what an op reads, its backward writes (select ->
 * index_add, gather -> scatter_add, cat -> narrow), so every formula stays differentiable.
 */
public final class IndexFunctions {
    private static final Tensor[] NONE = new Tensor[0];

    private IndexFunctions() {
    }

    private static Tensor zeros(int[] shape, Tensor like) {
        return Tensor.of(NDArray.zeros(shape, like.dtype(), like.device()));
    }

    // index_select: index_add of grad into zeros
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int[] in = x.shape();
        NDArray r = x.data().indexSelect(dim, index.data());
        int d = x.dim() == 0 ? 0 : Shapes.normalizeDim("index_select", dim, x.dim());
        return record("index_select", r, in(x), NONE, (g, s) -> {
            if (in.length == 0) {
                return in(g.reshape(in));
            }
            return in(zeros(in, g).indexAdd(d, index.reshape(-1), g));
        });
    }

    // gather: scatter_add of grad into zeros
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int[] in = x.shape();
        NDArray r = x.data().gather(dim, index.data());
        return record("gather", r, in(x), NONE, (g, s) -> in(zeros(in, g).scatterAdd(dim, index, g)));
    }

    // scatter: grad with the overwritten positions zeroed; src gets grad gathered at index
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        return record("scatter", x.data().scatter(dim, index.data(), src.data()), in(x, src), NONE,
                (g, s) -> in(g.scatter(dim, index, 0.0), g.gather(dim, index)));
    }

    public static Tensor scatterValue(Tensor x, int dim, Tensor index, double value) {
        return record("scatter", x.data().scatter(dim, index.data(), value), in(x), NONE,
                (g, s) -> in(g.scatter(dim, index, 0.0)));
    }

    // scatter_add: grad; src gets grad gathered at index
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        return record("scatter_add", x.data().scatterAdd(dim, index.data(), src.data()), in(x, src), NONE,
                (g, s) -> in(g, g.gather(dim, index)));
    }

    // index_add: grad; src gets grad selected at index
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        return record("index_add", x.data().indexAdd(dim, index.data(), src.data()), in(x, src), NONE,
                (g, s) -> in(g, g.dim() == 0 ? g : g.indexSelect(dim, index)));
    }

    /** take: flat index_select, negative indices counting from the end. */
    public static Tensor take(Tensor x, Tensor index) {
        NDArray i = index.data();
        NDArray wrapped = NDArray.where(i.lt(0L), i.add((long) x.numel()), i);
        return x.reshape(-1).indexSelect(0, Tensor.of(wrapped.reshape(-1))).view(index.shape());
    }

    /** Reverses the given dims (an index_select with a descending index, so it is differentiable). */
    public static Tensor flip(Tensor x, int... dims) {
        Tensor r = x;
        for (int d : Shapes.normalizeDims("flip", dims, x.dim())) {
            int n = x.size(d);
            r = r.indexSelect(d, Tensor.of(NDArray.arange(n - 1, -1, -1).to(x.device())));
        }
        return r;
    }

    // tril/triu: the same triangle of grad
    public static Tensor triangle(Tensor x, int diagonal, boolean lower) {
        NDArray r = lower ? x.data().tril(diagonal) : x.data().triu(diagonal);
        return record(lower ? "tril" : "triu", r, in(x), NONE,
                (g, s) -> in(lower ? g.tril(diagonal) : g.triu(diagonal)));
    }

    // constant pad: the gradient is cropped by padding with the negated amounts
    public static Tensor pad(Tensor x, int[] pad, double value) {
        int[] back = new int[pad.length];
        for (int i = 0; i < pad.length; i++) {
            back[i] = -pad[i];
        }
        return record("constant_pad_nd", x.data().pad(pad, value), in(x), NONE, (g, s) -> in(g.pad(back, 0)));
    }

    // cat: each input gets its slice of grad
    public static Tensor cat(List<Tensor> tensors, int dim) {
        List<NDArray> arrays = new ArrayList<>();
        for (Tensor t : tensors) {
            arrays.add(t.data());
        }
        NDArray r = NDArray.cat(arrays, dim);
        int d = Shapes.normalizeDim("cat", dim, r.dim());
        int n = tensors.size();
        int[] starts = new int[n];
        int[] lengths = new int[n];
        boolean[] skipped = new boolean[n];
        int off = 0;
        for (int i = 0; i < n; i++) {
            Tensor t = tensors.get(i);
            skipped[i] = t.dim() == 1 && t.numel() == 0 && r.dim() != 1;
            starts[i] = off;
            lengths[i] = skipped[i] ? 0 : t.size(d);
            off += lengths[i];
        }
        return record("cat", r, tensors.toArray(new Tensor[0]), NONE, (g, s) -> {
            Tensor[] grads = new Tensor[n];
            for (int i = 0; i < n; i++) {
                grads[i] = skipped[i] ? null : g.narrow(d, starts[i], lengths[i]);
            }
            return grads;
        });
    }

    /** stack: cat of the inputs with a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int[] shape = tensors.getFirst().shape();
        int d = Shapes.normalizeInsertDim("stack", dim, shape.length);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Shapes.str(shape) + " at entry 0 and " + Shapes.str(t.shape()) + " at entry " + i);
            }
            parts.add(t.unsqueeze(d));
        }
        return cat(parts, d);
    }
}
