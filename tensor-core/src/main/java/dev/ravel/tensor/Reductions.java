package dev.ravel.tensor;

/** Reductions, scans and softmax: which dims, which dtype, what shape comes out. */
final class Reductions {
    private Reductions() {
    }

    /** Normalised dims; an empty list means every dim. */
    private static int[] dims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        return Shapes.normalizeDims(op, dims, rank);
    }

    /** Validates dims under the op's own name before delegating to sum and friends. */
    private static void checkDims(String op, NDArray x, int[] dims) {
        if (x.dim() == 0) {
            for (int d : dims) {
                Shapes.normalizeDim(op, d, 0);
            }
        } else {
            dims(op, dims, x.dim());
        }
    }

    private static int[] keptShape(int[] shape, int[] dims) {
        int[] s = shape.clone();
        for (int d : dims) {
            s[d] = 1;
        }
        return s;
    }

    private static int[] droppedShape(int[] shape, int[] dims) {
        boolean[] drop = new boolean[shape.length];
        for (int d : dims) {
            drop[d] = true;
        }
        int n = 0;
        for (boolean b : drop) {
            n += b ? 0 : 1;
        }
        int[] s = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!drop[i]) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    private static int count(int[] shape, int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= shape[d];
        }
        return n;
    }

    static NDArray reduce(ReduceOp op, String name, NDArray x, int[] requested, boolean keepDim, DType outType) {
        int rank = x.dim();
        if (rank == 0) {
            for (int d : requested) {
                Shapes.normalizeDim(name, d, 0);
            }
            NDArray c = x.to(outType);
            return c == x ? x.clone() : c;
        }
        int[] d = dims(name, requested, rank);
        int[] shape = x.shape();
        if (!op.hasIdentity()) {
            for (int k : d) {
                if (shape[k] == 0) {
                    throw new IllegalArgumentException(name + "(): Expected reduction dim " + k
                            + " to have non-zero size (input shape " + Shapes.str(shape) + ")");
                }
            }
        }
        NDArray dst = NDArray.empty(keptShape(shape, d), outType, x.device());
        x.backend().reduce(op, dst, x.to(outType), d);
        return keepDim ? dst : dst.replaceWith(dst.view(droppedShape(shape, d)));
    }

    private static DType integerSumType(DType t) {
        return t.isFloatingPoint() ? t : DType.INT64;
    }

    static NDArray sum(NDArray x, int[] dims, boolean keepDim) {
        return reduce(ReduceOp.SUM, "sum", x, dims, keepDim, integerSumType(x.dtype()));
    }

    static NDArray prod(NDArray x, int[] dims, boolean keepDim) {
        return reduce(ReduceOp.PROD, "prod", x, dims, keepDim, integerSumType(x.dtype()));
    }

    private static void requireFloat(String op, NDArray x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + "(): could not infer output dtype. Input dtype must be a floating"
                    + " point type, got " + x.dtype().torchName());
        }
    }

    static NDArray mean(NDArray x, int[] dims, boolean keepDim) {
        requireFloat("mean", x);
        NDArray s = reduce(ReduceOp.SUM, "mean", x, dims, keepDim, x.dtype());
        int n = x.dim() == 0 ? 1 : count(x.shape(), dims("mean", dims, x.dim()));
        return s.div_((double) n);
    }

    static NDArray extreme(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        return reduce(op, op.opName(), x, dims, keepDim, x.dtype());
    }

    static NDArray extremeAll(ReduceOp op, NDArray x, String name) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name + "(): Expected reduction dim to be specified for input.numel() == 0."
                    + " Specify the reduction dim with the 'dim' argument.");
        }
        return reduce(op, name, x, new int[0], false, x.dtype());
    }

    static ValuesIndices argReduce(boolean max, NDArray x, int dim, boolean keepDim, boolean wantValues) {
        String name = wantValues ? (max ? "max" : "min") : (max ? "argmax" : "argmin");
        if (x.dim() == 0) {
            Shapes.normalizeDim(name, dim, 0);
            return new ValuesIndices(x.clone(), NDArray.scalar(0L).to(x.device()));
        }
        int d = Shapes.normalizeDim(name, dim, x.dim());
        int[] shape = x.shape();
        if (shape[d] == 0) {
            throw new IllegalArgumentException(name + "(): Expected reduction dim " + d + " to have non-zero size"
                    + " (input shape " + Shapes.str(shape) + ")");
        }
        NDArray src = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x;
        int[] kept = keptShape(shape, new int[] {d});
        NDArray values = wantValues ? NDArray.empty(kept, src.dtype(), x.device()) : null;
        NDArray indices = NDArray.empty(kept, DType.INT64, x.device());
        x.backend().argReduce(max, values, indices, src, d);
        if (values != null && x.dtype() == DType.BOOL) {
            values = values.to(DType.BOOL);
        }
        if (!keepDim) {
            indices = indices.replaceWith(indices.squeeze(d));
            values = values == null ? null : values.replaceWith(values.squeeze(d));
        }
        return new ValuesIndices(values, indices);
    }

    static NDArray var(NDArray x, int[] dims, double correction, boolean keepDim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("var: std and var only support floating point dtypes, got "
                    + x.dtype().torchName());
        }
        int n = x.dim() == 0 ? 1 : count(x.shape(), dims("var", dims, x.dim()));
        // Two passes (mean, then squared deviations) for accuracy.
        NDArray dev = x.sub(mean(x, dims, true));
        NDArray ss = sum(dev.mul(dev), dims, keepDim);
        return ss.div_(Math.max(0.0, n - correction));
    }

    static NDArray norm(NDArray x, double p, int[] dims, boolean keepDim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("norm: expected a floating point tensor as input, got "
                    + x.dtype().torchName());
        }
        checkDims("norm", x, dims);
        if (p == 2) {
            return sum(x.mul(x), dims, keepDim).sqrt();
        }
        if (p == 1) {
            return sum(x.abs(), dims, keepDim);
        }
        if (p == Double.POSITIVE_INFINITY || p == Double.NEGATIVE_INFINITY) {
            ReduceOp op = p > 0 ? ReduceOp.MAX : ReduceOp.MIN;
            return reduce(op, "norm", x.abs(), dims, keepDim, x.dtype());
        }
        if (p == 0) {
            return sum(x.ne(0L).to(x.dtype()), dims, keepDim);
        }
        return sum(x.abs().pow(p), dims, keepDim).pow(1.0 / p);
    }

    static NDArray logsumexp(NDArray x, int[] dims, boolean keepDim) {
        NDArray f = x.dtype().isFloatingPoint() ? x : x.to(DType.defaultFloat());
        if (f.dim() == 0) {
            checkDims("logsumexp", f, dims);
            return f.clone();
        }
        int[] d = dims("logsumexp", dims, f.dim());
        if (count(f.shape(), d) == 0) {
            // The log of an empty sum: -inf, as PyTorch (no max to shift by).
            NDArray r = NDArray.full(keptShape(f.shape(), d), Double.NEGATIVE_INFINITY, f.dtype(), f.device());
            return keepDim ? r : r.view(droppedShape(f.shape(), d));
        }
        NDArray m = reduce(ReduceOp.MAX, "logsumexp", f, dims, true, f.dtype());
        // An infinite max would give inf - inf; shifting by 0 there is exact.
        m = NDArray.where(m.isinf(), 0.0, m);
        NDArray r = sum(f.sub(m).exp(), dims, true).log().add(m);
        return keepDim ? r : r.view(droppedShape(f.shape(), dims("logsumexp", dims, f.dim())));
    }

    static NDArray logical(ReduceOp op, NDArray x, int[] dims, boolean keepDim) {
        return reduce(op, op.opName(), x.to(DType.BOOL), dims, keepDim, DType.BOOL);
    }

    static NDArray cumulative(boolean product, NDArray x, int dim) {
        String name = product ? "cumprod" : "cumsum";
        DType t = integerSumType(x.dtype());
        if (x.dim() == 0) {
            Shapes.normalizeDim(name, dim, 0);
            NDArray c = x.to(t);
            return c == x ? x.clone() : c;
        }
        int d = Shapes.normalizeDim(name, dim, x.dim());
        NDArray dst = NDArray.empty(x.shape(), t, x.device());
        x.backend().cumulative(product, dst, x.to(t), d);
        return dst;
    }

    static NDArray softmax(NDArray x, int dim, boolean log) {
        String name = log ? "log_softmax" : "softmax";
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a floating point tensor, got " + x.dtype().torchName());
        }
        if (x.dim() == 0) {
            Shapes.normalizeDim(name, dim, 0);
            return NDArray.full(new int[0], log ? 0 : 1, x.dtype(), x.device());
        }
        int d = Shapes.normalizeDim(name, dim, x.dim());
        NDArray dst = NDArray.empty(x.shape(), x.dtype(), x.device());
        x.backend().softmax(dst, x, d, log);
        return dst;
    }
}
