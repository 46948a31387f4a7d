package dev.ravel.tensor;

/**
 * matmul's rules (PyTorch's): 1-D operands get a dim added and removed again, a batched left
 * operand times a matrix is folded into one large GEMM, and other batched products broadcast
 * their batch dims. Everything reaches the backend as {@code [..., m, k] @ [..., k, n]}.
 */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    private static void check(String op, NDArray a, NDArray b) {
        Elementwise.checkSameDevice(op, a, b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but got "
                    + a.dtype().torchName() + " and " + b.dtype().torchName());
        }
        if (a.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": not supported for torch.bool tensors");
        }
    }

    private static IllegalArgumentException mismatch(String op, NDArray a, NDArray b, int k1, int k2) {
        return new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape())
                + " cannot be multiplied (" + k1 + " != " + k2 + ")");
    }

    static NDArray matmul(NDArray a, NDArray b) {
        check("matmul", a, b);
        int da = a.dim();
        int db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are "
                    + da + "D and " + db + "D");
        }
        if (da <= 2 && db <= 2) {
            NDArray a2 = da == 1 ? a.unsqueeze(0) : a;
            NDArray b2 = db == 1 ? b.unsqueeze(1) : b;
            checkInner("matmul", a, b, a2.size(1), b2.size(0));
            NDArray out = product(a2.unsqueeze(0), b2.unsqueeze(0)).squeeze(0);
            if (da == 1) {
                out = out.squeeze(0);
            }
            return db == 1 ? out.squeeze(-1) : out;
        }
        if (db <= 2) {
            // [..., m, k] @ [k, n]: one GEMM over all rows.
            NDArray b2 = db == 1 ? b.unsqueeze(1) : b;
            int k = a.size(-1);
            checkInner("matmul", a, b, k, b2.size(0));
            int[] lead = a.shape();
            // Rows counted, not inferred: reshape(-1, 0) is ambiguous when k is 0.
            NDArray flat = a.reshape(Shapes.numel(java.util.Arrays.copyOf(lead, lead.length - 1)), k);
            NDArray out = product(flat.unsqueeze(0), b2.unsqueeze(0)).squeeze(0);
            lead[lead.length - 1] = b2.size(1);
            NDArray r = out.view(lead);
            return db == 1 ? r.squeeze(-1) : r;
        }
        NDArray a3 = da == 1 ? a.unsqueeze(0) : a;
        NDArray b3 = db == 1 ? b.unsqueeze(1) : b;
        int m = a3.size(-2);
        int k = a3.size(-1);
        int n = b3.size(-1);
        checkInner("matmul", a, b, k, b3.size(-2));
        int[] batch = Shapes.broadcast("matmul", batchOf(a3), batchOf(b3));
        // The backend takes the batch dims as they are: a transposed view of attention heads is
        // multiplied in place, not copied to make its batch dims one.
        NDArray r = product(a3.expand(append(batch, m, k)), b3.expand(append(batch, k, n)));
        if (da == 1) {
            r = r.squeeze(-2);
        }
        return db == 1 ? r.squeeze(-1) : r;
    }

    private static void checkInner(String op, NDArray a, NDArray b, int k1, int k2) {
        if (k1 != k2) {
            throw mismatch(op, a, b, k1, k2);
        }
    }

    private static int[] batchOf(NDArray x) {
        int[] s = x.shape();
        return java.util.Arrays.copyOf(s, s.length - 2);
    }

    private static int[] append(int[] batch, int r, int c) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** {@code [..., m, k] @ [..., k, n]} (equal batch dims) into a new contiguous {@code [..., m, n]}. */
    private static NDArray product(NDArray a, NDArray b) {
        int[] shape = a.shape();
        shape[shape.length - 1] = b.size(-1);
        NDArray out = NDArray.empty(shape, a.dtype(), a.device());
        a.backend().matmul(out, a, b, 1, 0);
        return out;
    }

    static NDArray mm(NDArray a, NDArray b) {
        check("mm", a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2-D tensors, but got " + a.dim() + "-D and " + b.dim() + "-D"
                    + " (shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + ")");
        }
        checkInner("mm", a, b, a.size(1), b.size(0));
        return product(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
    }

    static NDArray bmm(NDArray a, NDArray b) {
        check("bmm", a, b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: expected 3-D tensors, but got " + a.dim() + "-D and " + b.dim() + "-D"
                    + " (shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + ")");
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: batch1 and batch2 must have the same number of batches, got "
                    + a.size(0) + " and " + b.size(0));
        }
        checkInner("bmm", a, b, a.size(2), b.size(1));
        return product(a, b);
    }

    static NDArray dot(NDArray a, NDArray b) {
        check("dot", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        checkInner("dot", a, b, a.size(0), b.size(0));
        return product(a.view(1, 1, -1), b.view(1, -1, 1)).view();
    }

    static NDArray outer(NDArray a, NDArray b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    static NDArray addmm(NDArray input, NDArray m1, NDArray m2, double beta, double alpha) {
        check("addmm", m1, m2);
        if (m1.dim() != 2 || m2.dim() != 2) {
            throw new IllegalArgumentException("addmm: expected 2-D matrices, but got " + m1.dim() + "-D and "
                    + m2.dim() + "-D");
        }
        checkInner("addmm", m1, m2, m1.size(1), m2.size(0));
        int[] shape = {m1.size(0), m2.size(1)};
        Shapes.broadcast("addmm", input.shape(), shape);
        if (input.dtype() != m1.dtype()) {
            throw new IllegalArgumentException("addmm: expected input of dtype " + m1.dtype().torchName() + ", got "
                    + input.dtype().torchName());
        }
        NDArray out = beta == 0 ? NDArray.empty(shape, m1.dtype(), m1.device()) : input.expand(shape).clone();
        m1.backend().matmul(out.unsqueeze(0), m1.unsqueeze(0), m2.unsqueeze(0), alpha, beta);
        return out;
    }
}
