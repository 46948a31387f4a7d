package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Shapes;

import static dev.ravel.autograd.Autograd.OUTPUT;
import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * Reductions, scans and softmax with their derivatives. Gradients of reductions come back with
 * the reduced dims restored (size 1) and broadcast over the input.
 */
public final class ReductionFunctions {
    private static final Tensor[] NONE = new Tensor[0];

    private ReductionFunctions() {
    }

    /** The normalised reduced dims; empty means all. */
    private static int[] dims(String op, int[] dims, int rank) {
        if (rank == 0) {
            return new int[0];
        }
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        return Shapes.normalizeDims(op, dims, rank);
    }

    private static int[] kept(int[] shape, int[] dims) {
        int[] k = shape.clone();
        for (int d : dims) {
            k[d] = 1;
        }
        return k;
    }

    /** A reduced gradient (or result) with its reduced dims restored as size 1. */
    private static Tensor keep(Tensor t, int[] inShape, int[] dims, boolean keepDim) {
        return keepDim ? t : t.reshape(kept(inShape, dims));
    }

    private static int count(int[] shape, int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= shape[d];
        }
        return n;
    }

    // sum: grad broadcast back over the reduced dims
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("sum", dims, x.dim());
        return record("sum", x.data().sum(dims, keepDim), in(x), NONE,
                (g, s) -> in(keep(g, in, d, keepDim).expand(in)));
    }

    // mean: grad / n broadcast back
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("mean", dims, x.dim());
        double n = count(in, d);
        return record("mean", x.data().mean(dims, keepDim), in(x), NONE,
                (g, s) -> in(keep(g, in, d, keepDim).div(n).expand(in)));
    }

    // prod: grad * (product of the other elements), from exclusive running products (safe with zeros)
    public static Tensor prod(Tensor x, int dim, boolean keepDim) {
        int[] in = x.shape();
        int d = x.dim() == 0 ? 0 : Shapes.normalizeDim("prod", dim, x.dim());
        return record("prod", x.data().prod(dim, keepDim), in(x), in(x), (g, s) -> {
            if (s[0].dim() == 0) {
                return in(g);
            }
            Tensor others = exclusiveCumprod(s[0], d).mul(exclusiveCumprod(s[0].flip(d), d).flip(d));
            return in(keep(g, in, new int[] {d}, keepDim).mul(others));
        });
    }

    /** {@code out[i] = x[0] * ... * x[i-1]} along d (1 at i = 0). */
    private static Tensor exclusiveCumprod(Tensor x, int d) {
        int n = x.size(d);
        Tensor one = x.narrow(d, 0, 1).mul(0L).add(1L);
        if (n == 1) {
            return one;
        }
        return Tensor.cat(java.util.List.of(one, x.narrow(d, 0, n - 1).cumprod(d)), d);
    }

    // amax/amin: grad shared evenly among the elements equal to the result
    public static Tensor amax(Tensor x, int[] dims, boolean keepDim, boolean max) {
        int[] in = x.shape();
        int[] d = dims(max ? "amax" : "amin", dims, x.dim());
        NDArray r = max ? x.data().amax(dims, keepDim) : x.data().amin(dims, keepDim);
        return record(max ? "amax" : "amin", r, in(x), in(x, OUTPUT), (g, s) -> in(evenly(g, s[0], s[1], in, d, keepDim)));
    }

    private static Tensor evenly(Tensor g, Tensor x, Tensor result, int[] in, int[] d, boolean keepDim) {
        Tensor mask = x.eq(keep(result, in, d, keepDim)).to(g.dtype());
        Tensor count = mask.sum(d, true);
        return keep(g, in, d, keepDim).mul(mask).div(count);
    }

    /** max()/min() of all elements: like amax over every dim. */
    public static Tensor maxAll(Tensor x, boolean max) {
        int[] in = x.shape();
        int[] d = dims("max", new int[0], x.dim());
        NDArray r = max ? x.data().max() : x.data().min();
        return record(max ? "max" : "min", r, in(x), in(x, OUTPUT), (g, s) -> in(evenly(g, s[0], s[1], in, d, false)));
    }

    // max(dim)/min(dim): the whole grad goes to the returned index (the first one on ties)
    public static Tensor.ValuesIndices maxDim(Tensor x, int dim, boolean keepDim, boolean max) {
        int[] in = x.shape();
        dev.ravel.tensor.ValuesIndices vi = max ? x.data().max(dim, keepDim) : x.data().min(dim, keepDim);
        int d = x.dim() == 0 ? 0 : Shapes.normalizeDim("max", dim, x.dim());
        NDArray keptIdx = keepDim || x.dim() == 0 ? vi.indices() : vi.indices().unsqueeze(d);
        Tensor values = record(max ? "max" : "min", vi.values(), in(x), NONE, (g, s) -> {
            if (in.length == 0) {
                return in(g);
            }
            Tensor gk = keepDim ? g : g.unsqueeze(d);
            return in(Tensor.of(NDArray.zeros(in, g.dtype(), g.device())).scatter(d, Tensor.of(keptIdx), gk));
        });
        return new Tensor.ValuesIndices(values, Tensor.of(vi.indices()));
    }

    // var: grad * 2 (x - mean) / (N - correction)
    public static Tensor var(Tensor x, int[] dims, double correction, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("var", dims, x.dim());
        double denom = Math.max(0.0, count(in, d) - correction);
        return record("var", x.data().var(dims, correction, keepDim), in(x), in(x), (g, s) -> {
            Tensor centered = s[0].sub(s[0].mean(d, true));
            return in(keep(g, in, d, keepDim).mul(centered).mul(2.0 / denom));
        });
    }

    // std: grad * (x - mean) / ((N - correction) * std), zero where std is zero
    public static Tensor std(Tensor x, int[] dims, double correction, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("std", dims, x.dim());
        double denom = Math.max(0.0, count(in, d) - correction);
        return record("std", x.data().std(dims, correction, keepDim), in(x), in(x, OUTPUT), (g, s) -> {
            Tensor sd = keep(s[1], in, d, keepDim);
            Tensor centered = s[0].sub(s[0].mean(d, true));
            Tensor scale = keep(g, in, d, keepDim).div(sd.mul(denom)).maskedFill(sd.eq(0.0), 0.0);
            return in(centered.mul(scale));
        });
    }

    // norm: p = 2: grad * x / norm; p = 1: grad * sign(x); +-inf: like amax of |x|; general: grad * x |x|^(p-2) / norm^(p-1)
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("norm", dims, x.dim());
        return record("norm", x.data().norm(p, dims, keepDim), in(x), in(x, OUTPUT), (g, s) -> {
            Tensor v = s[0];
            Tensor n = keep(s[1], in, d, keepDim);
            Tensor gk = keep(g, in, d, keepDim);
            if (p == 0) {
                return in(v.mul(0L));
            }
            if (p == 1) {
                return in(gk.mul(v.sign()));
            }
            if (Double.isInfinite(p)) {
                Tensor mask = v.abs().eq(n).to(g.dtype());
                return in(gk.mul(v.sign()).mul(mask).div(mask.sum(d, true)));
            }
            Tensor scale = p == 2 ? v : v.mul(v.abs().pow(p - 2));
            Tensor denom = p == 2 ? n : n.pow(p - 1);
            return in(gk.mul(scale).div(denom).maskedFill(n.eq(0.0), 0.0));
        });
    }

    // logsumexp: grad * exp(x - result)
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
        int[] in = x.shape();
        int[] d = dims("logsumexp", dims, x.dim());
        return record("logsumexp", x.data().logsumexp(dims, keepDim), in(x), in(x, OUTPUT),
                (g, s) -> in(keep(g, in, d, keepDim).mul(s[0].sub(keep(s[1], in, d, keepDim)).exp())));
    }

    // cumsum: the reversed running sum of grad
    public static Tensor cumsum(Tensor x, int dim) {
        if (x.dim() == 0) {
            return record("cumsum", x.data().cumsum(dim), in(x), NONE, (g, s) -> in(g));
        }
        int d = Shapes.normalizeDim("cumsum", dim, x.dim());
        return record("cumsum", x.data().cumsum(dim), in(x), NONE, (g, s) -> in(g.flip(d).cumsum(d).flip(d)));
    }

    // cumprod: reversed running sum of grad * result, divided by x; with zeros in x, a division-free
    // form: grad_k = prod(x[<k]) * S_k with S_k = g_k + x[k+1] * S_{k+1}
    public static Tensor cumprod(Tensor x, int dim) {
        if (x.dim() == 0) {
            return record("cumprod", x.data().cumprod(dim), in(x), NONE, (g, s) -> in(g));
        }
        int d = Shapes.normalizeDim("cumprod", dim, x.dim());
        return record("cumprod", x.data().cumprod(dim), in(x), in(x, OUTPUT), (g, s) -> {
            if (s[0].data().eq(0.0).any().item() == 0) {
                return in(g.mul(s[1]).flip(d).cumsum(d).flip(d).div(s[0]));
            }
            return in(exclusiveCumprod(s[0], d).mul(reverseRecurrence(g, s[0], d)));
        });
    }

    /** S along d with S_last = g_last and S_k = g_k + x_{k+1} * S_{k+1}. */
    private static Tensor reverseRecurrence(Tensor g, Tensor x, int d) {
        int n = x.size(d);
        Tensor[] parts = new Tensor[n];
        Tensor cur = g.select(d, n - 1);
        parts[n - 1] = cur;
        for (int k = n - 2; k >= 0; k--) {
            cur = g.select(d, k).add(x.select(d, k + 1).mul(cur));
            parts[k] = cur;
        }
        return Tensor.stack(java.util.List.of(parts), d);
    }

    // softmax: y * (grad - sum(grad * y)); log_softmax: grad - exp(y) * sum(grad)
    public static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = x.dim() == 0 ? 0 : Shapes.normalizeDim(log ? "log_softmax" : "softmax", dim, x.dim());
        NDArray r = log ? x.data().logSoftmax(dim) : x.data().softmax(dim);
        return record(log ? "log_softmax" : "softmax", r, in(x), in(OUTPUT), (g, s) -> {
            Tensor y = s[0];
            if (y.dim() == 0) {
                return in(g.mul(0L));
            }
            if (log) {
                return in(g.sub(y.exp().mul(g.sum(d, true))));
            }
            return in(y.mul(g.sub(g.mul(y).sum(d, true))));
        });
    }
}
