package dev.ravel.tensor;

import java.util.Arrays;

/**
 * Shape, strides (in elements) and offset of a tensor over its storage. Every view op is a new
 * Layout over the same storage; nothing here touches data.
 */
public final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;

    public Layout(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Layout: shape " + Shapes.str(shape) + " and strides "
                    + Shapes.str(strides) + " differ in rank");
        }
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = Shapes.numel(shape);
    }

    public static Layout contiguous(int[] shape) {
        return new Layout(shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    /** Size of one dim without copying the shape. */
    public int size(int dim) {
        return shape[dim];
    }

    public int stride(int dim) {
        return strides[dim];
    }

    public int offset() {
        return offset;
    }

    public int rank() {
        return shape.length;
    }

    public int numel() {
        return numel;
    }

    /** Row-major with no gaps (size-1 dims may have any stride, as in PyTorch). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /** The lowest and one-past-highest storage index this layout can touch (for bounds checks). */
    public int maxIndexExclusive() {
        if (numel == 0) {
            return offset;
        }
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            hi += (long) (shape[i] - 1) * Math.max(strides[i], 0);
        }
        return (int) hi + 1;
    }

    public Layout permute(int[] dims) {
        int r = shape.length;
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: number of dims " + dims.length + " does not match the rank "
                    + r + " of a tensor of shape " + Shapes.str(shape));
        }
        int[] d = Shapes.normalizeDims("permute", dims, r);
        int[] s = new int[r];
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            s[i] = shape[d[i]];
            st[i] = strides[d[i]];
        }
        return new Layout(s, st, offset);
    }

    public Layout transpose(int d0, int d1) {
        if (shape.length == 0) {
            Shapes.normalizeDim("transpose", d0, 0);
            Shapes.normalizeDim("transpose", d1, 0);
            return this;
        }
        int a = Shapes.normalizeDim("transpose", d0, shape.length);
        int b = Shapes.normalizeDim("transpose", d1, shape.length);
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[a] = shape[b];
        s[b] = shape[a];
        st[a] = strides[b];
        st[b] = strides[a];
        return new Layout(s, st, offset);
    }

    /** Elements {@code start, start+step, ...} before {@code end} along a dim; bounds are clamped like Python slices. */
    public Layout slice(int dim, int start, int end, int step) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("slice: cannot slice a 0-d tensor");
        }
        int d = Shapes.normalizeDim("slice", dim, shape.length);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = shape[d];
        int s = clampSliceIndex(start, n);
        int e = clampSliceIndex(end, n);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] sh = shape.clone();
        int[] st = strides.clone();
        sh[d] = len;
        st[d] = strides[d] * step;
        return new Layout(sh, st, offset + (len > 0 ? s * strides[d] : 0));
    }

    private static int clampSliceIndex(int i, int n) {
        if (i < 0) {
            i += n;
        }
        return Math.max(0, Math.min(i, n));
    }

    public Layout narrow(int dim, int start, int length) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("narrow: cannot narrow a 0-d tensor");
        }
        int d = Shapes.normalizeDim("narrow", dim, shape.length);
        int n = shape[d];
        int s = start < 0 ? start + n : start;
        if (s < 0 || s > n || length < 0 || s + length > n) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " + length " + length
                    + " exceeds dimension " + d + " of size " + n + " (shape " + Shapes.str(shape) + ")");
        }
        int[] sh = shape.clone();
        sh[d] = length;
        return new Layout(sh, strides.clone(), offset + s * strides[d]);
    }

    public Layout select(int dim, int index) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("select: cannot select on a 0-d tensor");
        }
        int d = Shapes.normalizeDim("select", dim, shape.length);
        int n = shape[d];
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dimension " + d
                    + " with size " + n + " (shape " + Shapes.str(shape) + ")");
        }
        int i = index < 0 ? index + n : index;
        return new Layout(remove(shape, d), remove(strides, d), offset + i * strides[d]);
    }

    /** Broadcasts to a larger shape with stride-0 dims; {@code -1} keeps a size. */
    public Layout expand(int[] target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + target.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + shape.length + ")");
        }
        int lead = target.length - shape.length;
        int[] sh = new int[target.length];
        int[] st = new int[target.length];
        for (int i = 0; i < target.length; i++) {
            int t = target[i];
            if (i < lead) {
                if (t < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension "
                            + i + " of " + Shapes.str(target));
                }
                sh[i] = t;
                st[i] = 0;
            } else {
                int s = shape[i - lead];
                if (t == -1) {
                    t = s;
                }
                if (s == t) {
                    sh[i] = s;
                    st[i] = strides[i - lead];
                } else if (s == 1) {
                    sh[i] = t;
                    st[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: the expanded size of the tensor (" + t
                            + ") must match the existing size (" + s + ") at non-singleton dimension " + i
                            + ". Target sizes: " + Shapes.str(target) + ". Tensor sizes: " + Shapes.str(shape));
                }
            }
        }
        return new Layout(sh, st, offset);
    }

    public Layout squeeze() {
        int keep = 0;
        for (int s : shape) {
            keep += s == 1 ? 0 : 1;
        }
        int[] sh = new int[keep];
        int[] st = new int[keep];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                sh[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return new Layout(sh, st, offset);
    }

    public Layout squeeze(int dim) {
        if (shape.length == 0) {
            Shapes.normalizeDim("squeeze", dim, 0);
            return this;
        }
        int d = Shapes.normalizeDim("squeeze", dim, shape.length);
        return shape[d] != 1 ? this : new Layout(remove(shape, d), remove(strides, d), offset);
    }

    public Layout unsqueeze(int dim) {
        int d = Shapes.normalizeInsertDim("unsqueeze", dim, shape.length);
        int st = d < shape.length ? shape[d] * strides[d] : 1;
        return new Layout(insert(shape, d, 1), insert(strides, d, st), offset);
    }

    /** A diagonal of the plane {@code (d1, d2)}, as a new last dim. */
    public Layout diagonal(int diagOffset, int dim1, int dim2) {
        int a = Shapes.normalizeDim("diagonal", dim1, shape.length);
        int b = Shapes.normalizeDim("diagonal", dim2, shape.length);
        if (a == b) {
            throw new IllegalArgumentException("diagonal: dimensions cannot be identical " + dim1 + ", " + dim2);
        }
        int len;
        int off = offset;
        if (diagOffset >= 0) {
            len = Math.max(Math.min(shape[a], shape[b] - diagOffset), 0);
            off += len > 0 ? diagOffset * strides[b] : 0;
        } else {
            len = Math.max(Math.min(shape[a] + diagOffset, shape[b]), 0);
            off -= len > 0 ? diagOffset * strides[a] : 0;
        }
        int[] sh = new int[shape.length - 1];
        int[] st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a && i != b) {
                sh[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        sh[sh.length - 1] = len;
        st[st.length - 1] = strides[a] + strides[b];
        return new Layout(sh, st, off);
    }

    /**
     * The same elements under a new shape without copying, or {@code null} when the strides make
     * that impossible (then {@code reshape} copies). Dims are grouped into runs that are contiguous
     * with each other; each run of the new shape must fall exactly on such a run.
     */
    public Layout viewAs(int[] newShape) {
        int n = Shapes.numel(newShape);
        if (n != numel) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(newShape) + " is invalid for input of size " + numel);
        }
        if (n == 0 || shape.length == 0) {
            return new Layout(newShape.clone(), Shapes.contiguousStrides(newShape), offset);
        }
        int[] newStrides = new int[newShape.length];
        int viewDim = newShape.length - 1;
        long runStride = strides[shape.length - 1];
        long runNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            runNumel *= shape[d];
            boolean runEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != runNumel * runStride);
            if (runEnds) {
                while (viewDim >= 0 && (viewNumel < runNumel || newShape[viewDim] == 1)) {
                    newStrides[viewDim] = (int) (viewNumel * runStride);
                    viewNumel *= newShape[viewDim];
                    viewDim--;
                }
                if (viewNumel != runNumel) {
                    return null;
                }
                if (d > 0) {
                    runStride = strides[d - 1];
                    runNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewDim == -1 ? new Layout(newShape.clone(), newStrides, offset) : null;
    }

    static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset;
    }

    @Override
    public String toString() {
        return "Layout(shape=" + Shapes.str(shape) + ", strides=" + Shapes.str(strides) + ", offset=" + offset + ")";
    }
}
