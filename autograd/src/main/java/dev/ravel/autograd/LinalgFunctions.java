package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;

import static dev.ravel.autograd.Autograd.record;
import static dev.ravel.autograd.PointwiseFunctions.in;

/**
 * The matmul family. One recorded op, the product of operands with at least two dims; 1-D
 * operands become matrices through (differentiable) unsqueeze/squeeze around it, and mm, bmm,
 * dot, outer and addmm are compositions, so their gradients come for free.
 */
public final class LinalgFunctions {
    private LinalgFunctions() {
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are "
                    + a.dim() + "D and " + b.dim() + "D");
        }
        int k1 = a.size(-1);
        int k2 = b.dim() == 1 ? b.size(0) : b.size(-2);
        if (k1 != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " cannot be multiplied (" + k1 + " != " + k2 + ")");
        }
        Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
        Tensor r = product(a2, b2);
        if (a.dim() == 1) {
            r = r.squeeze(-2);
        }
        return b.dim() == 1 ? r.squeeze(-1) : r;
    }

    /**
     * a @ b for operands of rank >= 2: grad_a = grad @ b^T, grad_b = a^T @ grad (batch dims
     * broadcast in the forward are summed by the engine). A batched a times a matrix b folds the
     * batch into the rows for grad_b, one GEMM instead of a batch of them and a sum.
     */
    private static Tensor product(Tensor a, Tensor b) {
        boolean ga = a.requiresGrad();
        boolean gb = b.requiresGrad();
        boolean bIsMatrix = b.dim() == 2;
        return record("mm", a.data().matmul(b.data()), in(a, b), in(gb ? a : null, ga ? b : null), (g, s) -> {
            Tensor x = s[0];
            Tensor w = s[1];
            Tensor gradA = ga ? g.matmul(bIsMatrix ? w.t() : w.mT()) : null;
            Tensor gradB = null;
            if (gb) {
                if (bIsMatrix && x.dim() > 2) {
                    int k = x.size(-1);
                    gradB = x.reshape(-1, k).t().matmul(g.reshape(-1, g.size(-1)));
                } else {
                    gradB = x.dim() == 2 ? x.t().matmul(g) : x.mT().matmul(g);
                }
            }
            return in(gradA, gradB);
        });
    }

    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2-D tensors, but got " + a.dim() + "-D and " + b.dim()
                    + "-D (shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()) + ")");
        }
        return matmul(a, b);
    }

    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: expected 3-D tensors, but got " + a.dim() + "-D and " + b.dim()
                    + "-D (shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()) + ")");
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: batch1 and batch2 must have the same number of batches, got "
                    + a.size(0) + " and " + b.size(0));
        }
        return matmul(a, b);
    }

    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        return matmul(a, b);
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** beta * input + alpha * (m1 @ m2). */
    public static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) {
        Tensor p = mm(m1, m2);
        if (alpha != 1) {
            p = p.mul(alpha);
        }
        if (beta == 0) {
            return p;
        }
        return (beta == 1 ? input : input.mul(beta)).add(p);
    }

    /**
     * {@code x @ weight^T + bias} over the last dim of x, as one op: one GEMM over all leading dims,
     * the bias added in place, and a backward that computes the weight gradient as
     * {@code g^T @ x} directly in the weight's layout (no transposed copy) and the bias gradient
     * as one column sum. The backward is made of recorded ops, so it differentiates again.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.size(1);
        int out = weight.size(0);
        if (bias != null && bias.dtype() != x.dtype()) {
            throw new IllegalArgumentException("linear: expected the bias to have the input's dtype "
                    + x.dtype().torchName() + ", got " + bias.dtype().torchName());
        }
        int[] xShape = x.shape();
        int[] yShape = x.shape();
        yShape[yShape.length - 1] = out;
        NDArray y = x.data().reshape(-1, in).matmul(weight.data().t());
        if (bias != null) {
            y.add_(bias.data());
        }
        boolean needX = x.requiresGrad();
        boolean needW = weight.requiresGrad();
        boolean needB = bias != null && bias.requiresGrad();
        return record("linear", y.view(yShape), in(x, weight, bias), in(x, weight), (g, s) -> {
            Tensor g2 = g.reshape(-1, out);
            return in(needX ? g2.matmul(s[1]).view(xShape) : null,
                    needW ? g2.t().matmul(s[0].reshape(-1, in)) : null,
                    needB ? g2.sum(0) : null);
        });
    }
}
