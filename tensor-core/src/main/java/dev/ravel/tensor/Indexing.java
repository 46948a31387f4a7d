package dev.ravel.tensor;

import java.util.ArrayList;
import java.util.List;

/** Index, join and shape ops: argument checks and shapes here, element loops in the backend. */
final class Indexing {
    private Indexing() {
    }

    private static void requireIndex(String op, NDArray index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected dtype torch.int64 for index, got "
                    + index.dtype().torchName());
        }
    }

    static NDArray indexSelect(NDArray x, int dim, NDArray index) {
        Elementwise.checkSameDevice("index_select", x, index);
        requireIndex("index_select", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_select: index should have 0 or 1 dimensions, got shape "
                    + Shapes.str(index.shape()));
        }
        NDArray src = x.dim() == 0 ? x.view(1) : x;
        int d = Shapes.normalizeDim("index_select", dim, src.dim());
        NDArray idx = index.reshape(-1);
        int[] shape = src.shape();
        shape[d] = idx.numel();
        NDArray out = NDArray.empty(shape, x.dtype(), x.device());
        x.backend().indexSelect(out, src, d, idx);
        return x.dim() == 0 && index.dim() == 0 ? out.view() : out;
    }

    static NDArray gather(NDArray x, int dim, NDArray index) {
        Elementwise.checkSameDevice("gather", x, index);
        requireIndex("gather", index);
        int rank = Math.max(x.dim(), 1);
        if (Math.max(index.dim(), 1) != rank) {
            throw new IllegalArgumentException("gather: index tensor must have the same number of dimensions as input"
                    + " tensor (input " + Shapes.str(x.shape()) + ", index " + Shapes.str(index.shape()) + ")");
        }
        NDArray src = x.dim() == 0 ? x.view(1) : x;
        NDArray idx = index.dim() == 0 ? index.view(1) : index;
        int d = Shapes.normalizeDim("gather", dim, rank);
        for (int i = 0; i < rank; i++) {
            if (i != d && idx.size(i) > src.size(i)) {
                throw new IllegalArgumentException("gather: size of index " + Shapes.str(index.shape())
                        + " does not match input " + Shapes.str(x.shape()) + " at dimension " + i
                        + " (expected index.size(" + i + ") <= " + src.size(i) + ")");
            }
        }
        NDArray out = NDArray.empty(idx.shape(), x.dtype(), x.device());
        x.backend().gather(out, src, d, idx);
        return index.dim() == 0 ? out.view() : out;
    }

    static NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, boolean accumulate, boolean inPlace) {
        String op = (accumulate ? "scatter_add" : "scatter") + (inPlace ? "_" : "");
        Elementwise.checkSameDevice(op, x, index, src);
        requireIndex(op, index);
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException(op + ": expected self.dtype to be equal to src.dtype, got "
                    + x.dtype().torchName() + " and " + src.dtype().torchName());
        }
        int rank = Math.max(x.dim(), 1);
        NDArray idx = index.dim() == 0 ? index.view(1) : index;
        if (idx.dim() != rank) {
            throw new IllegalArgumentException(op + ": index tensor must have the same number of dimensions as self"
                    + " tensor (self " + Shapes.str(x.shape()) + ", index " + Shapes.str(index.shape()) + ")");
        }
        int d = Shapes.normalizeDim(op, dim, rank);
        NDArray s = src.dim() == 0 ? src.view(1).expand(idx.shape()) : src;
        if (s.dim() != rank) {
            throw new IllegalArgumentException(op + ": src must have the same number of dimensions as self (self "
                    + Shapes.str(x.shape()) + ", src " + Shapes.str(src.shape()) + ")");
        }
        NDArray self1 = x.dim() == 0 ? x.view(1) : x;
        for (int i = 0; i < rank; i++) {
            if (idx.size(i) > s.size(i) || (i != d && idx.size(i) > self1.size(i))) {
                throw new IllegalArgumentException(op + ": expected index " + Shapes.str(index.shape())
                        + " to be smaller than self " + Shapes.str(x.shape()) + " apart from dimension " + d
                        + " and to be smaller size than src " + Shapes.str(src.shape()));
            }
        }
        NDArray target;
        if (inPlace) {
            x.checkWritable(op);
            target = self1;
        } else {
            target = x.clone();
            target = x.dim() == 0 ? target.view(1) : target;
        }
        x.backend().scatter(target, d, idx, s, accumulate);
        if (inPlace) {
            x.storage().bumpVersion();
            return x;
        }
        return x.dim() == 0 ? target.view() : target;
    }

    static NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src, boolean inPlace) {
        String op = inPlace ? "index_add_" : "index_add";
        requireIndex(op, index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index should have 0 or 1 dimensions, got shape "
                    + Shapes.str(index.shape()));
        }
        int d = Shapes.normalizeDim(op, dim, x.dim());
        NDArray s = src.dim() == 0 ? src.view(1) : src;
        int[] xs = x.dim() == 0 ? new int[] {1} : x.shape();
        boolean ok = s.dim() == xs.length && s.size(d) == index.numel();
        for (int i = 0; ok && i < xs.length; i++) {
            ok = i == d || s.size(i) == xs[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": source " + Shapes.str(src.shape()) + " must match self "
                    + Shapes.str(x.shape()) + " except at dim " + d + ", where it must equal the number of indices ("
                    + index.numel() + ")");
        }
        int[] idxShape = new int[xs.length];
        java.util.Arrays.fill(idxShape, 1);
        idxShape[d] = index.numel();
        NDArray expanded = index.reshape(idxShape).expand(s.shape());
        return scatter(x, d, expanded, s, true, inPlace);
    }

    static NDArray take(NDArray x, NDArray index) {
        requireIndex("take", index);
        int n = x.numel();
        if (index.numel() > 0) {
            long lo = index.min().itemLong();
            long hi = index.max().itemLong();
            if (lo < -n || hi >= n) {
                throw new IndexOutOfBoundsException("take: index " + (lo < -n ? lo : hi) + " is out of bounds for a"
                        + " tensor of " + n + " elements (shape " + Shapes.str(x.shape()) + ")");
            }
        }
        NDArray idx = NDArray.where(index.lt(0L), index.add((long) n), index);
        NDArray flat = x.reshape(-1);
        NDArray out = indexSelect(flat, 0, idx.reshape(-1));
        return out.view(index.shape());
    }

    /** Out of place, x and mask broadcast together (as torch.masked_fill); in place, mask must broadcast to x. */
    static NDArray maskedFill(NDArray x, NDArray mask, double value, boolean inPlace) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_fill: only supports boolean masks, but got mask with dtype "
                    + mask.dtype().torchName());
        }
        int[] shape = Shapes.broadcast("masked_fill", x.shape(), mask.shape());
        if (inPlace && !java.util.Arrays.equals(shape, x.shape())) {
            throw new IllegalArgumentException("masked_fill_: mask of shape " + Shapes.str(mask.shape())
                    + " cannot be broadcast to the shape " + Shapes.str(x.shape()) + " of self");
        }
        NDArray v = NDArray.scalar(value, x.dtype()).to(x.device());
        return NDArray.where(mask, v, x);
    }

    static NDArray cat(List<NDArray> arrays, int dim) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        // PyTorch skips 1-D empty tensors in cat (legacy behaviour that code relies on).
        List<NDArray> parts = new ArrayList<>();
        for (NDArray a : arrays) {
            if (!(a.dim() == 1 && a.numel() == 0)) {
                parts.add(a);
            }
        }
        if (parts.isEmpty()) {
            return arrays.getFirst().clone();
        }
        NDArray first = parts.getFirst();
        if (first.dim() == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shapes.normalizeDim("cat", dim, first.dim());
        int[] shape = first.shape();
        int total = 0;
        NDArray[] all = parts.toArray(new NDArray[0]);
        Elementwise.checkSameDevice("cat", all);
        for (int i = 0; i < all.length; i++) {
            NDArray a = all[i];
            if (a.dim() != shape.length) {
                throw new IllegalArgumentException("cat: tensors must have same number of dimensions: got "
                        + shape.length + " and " + a.dim() + " (tensor number " + i + ")");
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && a.size(k) != shape[k]) {
                    throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d
                            + ". Expected size " + shape[k] + " but got size " + a.size(k) + " for tensor number " + i
                            + " in the list.");
                }
            }
            total += a.size(d);
        }
        shape[d] = total;
        DType t = TypePromotion.resultType(all);
        NDArray out = NDArray.empty(shape, t, first.device());
        int off = 0;
        for (NDArray a : all) {
            int len = a.size(d);
            if (len > 0) {
                out.backend().copy(out.narrow(d, off, len), a.to(t));
            }
            off += len;
        }
        return out;
    }

    static NDArray stack(List<NDArray> arrays, int dim) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int[] shape = arrays.getFirst().shape();
        int d = Shapes.normalizeInsertDim("stack", dim, shape.length);
        List<NDArray> parts = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            NDArray a = arrays.get(i);
            if (!java.util.Arrays.equals(a.shape(), shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Shapes.str(shape) + " at entry 0 and " + Shapes.str(a.shape()) + " at entry " + i);
            }
            parts.add(a.unsqueeze(d));
        }
        return cat(parts, d);
    }

    /** split, chunk and unbind need a dim to cut along. */
    private static void requireDims(String op, NDArray x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException(op + ": expected a tensor with at least 1 dimension, got a 0-d tensor");
        }
    }

    static List<NDArray> split(NDArray x, int size, int dim) {
        requireDims("split", x);
        int d = Shapes.normalizeDim("split", dim, x.dim());
        int n = x.size(d);
        if (size <= 0 && !(size == 0 && n == 0)) {
            throw new IllegalArgumentException("split: split_size can only be 0 if dimension size is 0, but got"
                    + " split_size=" + size + " for dimension " + d + " of size " + n);
        }
        List<NDArray> out = new ArrayList<>();
        if (n == 0) {
            out.add(x);
            return out;
        }
        for (int s = 0; s < n; s += size) {
            out.add(x.narrow(d, s, Math.min(size, n - s)));
        }
        return out;
    }

    static List<NDArray> split(NDArray x, int[] sizes, int dim) {
        requireDims("split", x);
        int d = Shapes.normalizeDim("split", dim, x.dim());
        long total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes: expects split_sizes to be non-negative, got "
                        + java.util.Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != x.size(d)) {
            throw new IllegalArgumentException("split_with_sizes: expects split_sizes to sum exactly to " + x.size(d)
                    + " (input tensor's size at dimension " + d + "), but got split_sizes="
                    + java.util.Arrays.toString(sizes));
        }
        List<NDArray> out = new ArrayList<>();
        int off = 0;
        for (int s : sizes) {
            out.add(x.narrow(d, off, s));
            off += s;
        }
        return out;
    }

    static List<NDArray> chunk(NDArray x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be greater than 0, got " + chunks);
        }
        requireDims("chunk", x);
        int d = Shapes.normalizeDim("chunk", dim, x.dim());
        if (x.size(d) == 0) {
            // PyTorch gives `chunks` empty pieces here (split would give one).
            return split(x, new int[chunks], d);
        }
        int size = Math.max(1, Math.ceilDiv(x.size(d), chunks));
        return split(x, size, d);
    }

    static List<NDArray> unbind(NDArray x, int dim) {
        requireDims("unbind", x);
        int d = Shapes.normalizeDim("unbind", dim, x.dim());
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < x.size(d); i++) {
            out.add(x.select(d, i));
        }
        return out;
    }

    static NDArray triangle(NDArray x, int diagonal, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": input tensor must have at least 2 dimensions, got shape "
                    + Shapes.str(x.shape()));
        }
        int m = x.size(-2);
        int n = x.size(-1);
        NDArray rows = NDArray.arange(m).to(x.device()).unsqueeze(1);
        NDArray cols = NDArray.arange(n).to(x.device()).unsqueeze(0);
        NDArray offset = cols.sub(rows);
        NDArray keep = lower ? offset.le((long) diagonal) : offset.ge((long) diagonal);
        NDArray zero = NDArray.zeros(new int[0], x.dtype(), x.device());
        return NDArray.where(keep, x, zero);
    }

    static NDArray pad(NDArray x, int[] pad, double value) {
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("pad: padding length must be divisible by 2, got "
                    + java.util.Arrays.toString(pad));
        }
        if (pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: padding length " + pad.length + " is too large for a "
                    + x.dim() + "-D input (at most " + 2 * x.dim() + ")");
        }
        int[] in = x.shape();
        int[] out = in.clone();
        for (int i = 0; i < pad.length / 2; i++) {
            int d = in.length - 1 - i;
            out[d] = in[d] + pad[2 * i] + pad[2 * i + 1];
            if (out[d] < 0) {
                throw new IllegalArgumentException("pad: the input size " + in[d] + " plus negative padding "
                        + pad[2 * i] + " and " + pad[2 * i + 1] + " resulted in a negative output size " + out[d]
                        + " at dimension " + d);
            }
        }
        NDArray result = NDArray.full(out, value, x.dtype(), x.device());
        NDArray src = x;
        NDArray dst = result;
        for (int i = 0; i < pad.length / 2; i++) {
            int d = in.length - 1 - i;
            int before = pad[2 * i];
            int after = pad[2 * i + 1];
            int srcStart = Math.max(0, -before);
            int len = in[d] - srcStart - Math.max(0, -after);
            if (len <= 0) {
                return result;
            }
            src = src.narrow(d, srcStart, len);
            dst = dst.narrow(d, Math.max(0, before), len);
        }
        result.backend().copy(dst, src);
        return result;
    }

    static NDArray oneHot(NDArray indices, int numClasses) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("one_hot: is only applicable to index tensor of dtype torch.int64, got "
                    + indices.dtype().torchName());
        }
        if (indices.numel() > 0 && indices.min().itemLong() < 0) {
            throw new IllegalArgumentException("one_hot: class values must be non-negative.");
        }
        int classes = numClasses;
        if (classes == -1) {
            if (indices.numel() == 0) {
                throw new IllegalArgumentException("one_hot: can not infer total number of classes from empty tensor.");
            }
            classes = (int) indices.max().itemLong() + 1;
        } else if (indices.numel() > 0 && indices.max().itemLong() >= classes) {
            throw new IllegalArgumentException("one_hot: class values must be smaller than num_classes (" + classes + ").");
        }
        NDArray range = NDArray.arange(classes).to(indices.device());
        return indices.unsqueeze(-1).eq(range).to(DType.INT64);
    }
}
