package dev.ravel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.autograd.Gradcheck;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * In-place ops and autograd: leaves that require grad refuse them, no-grad writes bump the
 * version, recorded in-place ops give the out-of-place gradients, and a saved tensor modified
 * after it was saved fails backward with PyTorch's message.
 */
class InPlaceTest {

    private static Tensor leaf(long seed, int... shape) {
        return Tensor.of(NDArray.randn(shape, DType.FLOAT64, new Generator(seed))).requiresGrad_();
    }

    private static Tensor leafOf(double... v) {
        return Tensor.of(NDArray.of(v)).requiresGrad_();
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFails() {
        Tensor x = leafOf(1, 2);
        for (var op : List.<java.util.Map.Entry<String, UnaryOperator<Tensor>>>of(
                java.util.Map.entry("add_", t -> t.add_(1.0)),
                java.util.Map.entry("mul_", t -> t.mul_(Tensor.of(NDArray.of(2.0, 3.0)))),
                java.util.Map.entry("zero_", Tensor::zero_),
                java.util.Map.entry("relu_", Tensor::relu_),
                java.util.Map.entry("copy_", t -> t.copy_(Tensor.of(NDArray.of(5.0, 6.0)))),
                java.util.Map.entry("uniform_", t -> t.uniform_(0, 1)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.getValue().apply(x));
            assertTrue(e.getMessage().startsWith(op.getKey() + ":"), e.getMessage());
            assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place"
                    + " operation"), e.getMessage());
        }
        assertArrayEquals(new double[] {1, 2}, x.toDoubleArray(), 0, "nothing was written");
        assertEquals(0, x.version());
    }

    @Test
    void inPlaceUnderNoGradOnALeafWorksAndBumpsTheVersion() {
        Tensor x = leafOf(1, 2);
        int v0 = x.version();
        try (var g = Ravel.noGrad()) {
            assertSame(x, x.mul_(3.0));
            x.add_(Tensor.of(NDArray.of(1.0, 1.0)));
            x.uniform_(0, 1);
            x.fill_(4.0);
        }
        assertEquals(v0 + 4, x.version());
        assertTrue(x.isLeaf());
        assertTrue(x.requiresGrad());
        assertArrayEquals(new double[] {4, 4}, x.toDoubleArray(), 0);
        // and the leaf still works in a graph afterwards
        x.square().sum().backward();
        assertArrayEquals(new double[] {8, 8}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void inPlaceOnANonLeafRecordsLikeTheOutOfPlaceOp() {
        Tensor xa = leaf(1, 3, 4);
        Tensor za = leaf(2, 4);
        Tensor xb = Tensor.of(xa.data().clone()).requiresGrad_();
        Tensor zb = Tensor.of(za.data().clone()).requiresGrad_();

        Tensor a = xa.mul(2);
        a.add_(za).mul_(za.sigmoid()).tanh_().sub_(0.5).div_(za.abs().add(1.0)).exp_().clamp_(0.2, 1.5);
        a.relu_().sqrt_().neg_();
        a.sigmoid_();
        assertEquals("SigmoidBackward0", a.gradFn().name());
        Tensor b = xb.mul(2).add(zb).mul(zb.sigmoid()).tanh().sub(0.5).div(zb.abs().add(1.0)).exp().clamp(0.2, 1.5)
                .relu().sqrt().neg().sigmoid();
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 1e-15);
        Tensor w = Tensor.of(NDArray.arange(0, 12).to(DType.FLOAT64).reshape(3, 4));
        a.mul(w).sum().backward();
        b.mul(w).sum().backward();
        assertArrayEquals(xb.grad().toDoubleArray(), xa.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(zb.grad().toDoubleArray(), za.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void inPlaceOpsPassGradcheck() {
        Gradcheck.check(in -> {
            Tensor t = in[0].mul(1.0);
            t.mul_(in[1]).add_(in[1], 2.0).tanh_();
            return t;
        }, leaf(3, 2, 3), leaf(4, 3));
        Gradcheck.gradgradcheck(in -> {
            Tensor t = in[0].mul(in[0]);
            t.div_(in[1].square().add(1.0)).sigmoid_();
            return t;
        }, leaf(5, 2, 3), leaf(6, 2, 3));
        Gradcheck.check(in -> {
            Tensor t = in[0].mul(1.0);
            t.addcmul_(in[1], in[1], 0.5).addcdiv_(in[1], in[0].square().add(1.0), -2).lerp_(in[1], 0.25);
            return t;
        }, leaf(7, 4), leaf(8, 4));
        Gradcheck.check(in -> {
            Tensor t = in[0].mul(1.0);
            t.maskedFill_(Tensor.of(NDArray.of(true, false, true)), 2.0);
            return t.mul(in[0]);
        }, leaf(9, 3));
    }

    @Test
    void copyFillAndZeroOnANonLeaf() {
        Tensor x = leafOf(1, 2);
        Tensor src = leafOf(3);
        Tensor t = x.mul(2);
        t.copy_(src);
        assertArrayEquals(new double[] {3, 3}, t.toDoubleArray(), 0);
        t.mul(Tensor.of(NDArray.of(1.0, 2.0))).sum().backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray(), 0, "copy_ overwrote x's contribution");
        assertArrayEquals(new double[] {3}, src.grad().toDoubleArray(), 0, "the gradient flows to src, summed");

        Tensor y = leafOf(1, 2);
        Tensor u = y.mul(2);
        u.fill_(7.0).add_(y);
        u.sum().backward();
        assertArrayEquals(new double[] {1, 1}, y.grad().toDoubleArray(), 0);

        Tensor z = leafOf(1, 2);
        Tensor v = z.mul(2.0);
        v.zero_();
        v.add(z).sum().backward();
        assertArrayEquals(new double[] {1, 1}, z.grad().toDoubleArray(), 0);
    }

    @Test
    void inPlaceWithAnOperandThatRequiresGradOnAPlainTensor() {
        // self requires no grad, other does: the op is recorded and self joins the graph
        Tensor acc = Tensor.of(NDArray.zeros(DType.FLOAT64, 2));
        Tensor x = leafOf(1, 2);
        acc.add_(x.square());
        assertTrue(acc.requiresGrad());
        acc.sum().backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void addcmulAddcdivAndLerpRecordForTheirTensorOperands() {
        Tensor x = leafOf(1, 2);
        Tensor w = leafOf(3, 4);
        Tensor acc = Tensor.of(NDArray.zeros(DType.FLOAT64, 2));
        acc.addcmul_(x, x, 1.0);
        acc.lerp_(x, 0.5);
        acc.addcdiv_(w, x, 2.0);
        assertTrue(acc.requiresGrad());
        acc.mul(w).sum().backward();
        // acc = 0.5 x^2 + 0.5 x + 2 w / x; d/dx sum(acc w) = w (x + 0.5 - 2 w / x^2), d/dw = acc + 2 w / x
        assertArrayEquals(new double[] {3 * (1.5 - 6), 4 * (2.5 - 2)}, x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {7 + 6, 7 + 4}, w.grad().toDoubleArray(), 1e-12);
        Gradcheck.check(in -> {
            Tensor t = Tensor.of(NDArray.ones(DType.FLOAT64, 3));
            t.addcdiv_(in[0], in[1], 0.5).lerp_(in[1], 0.3).addcmul_(in[0], in[1], -1);
            return t;
        }, leaf(10, 3), leafOf(1.5, 2.5, 0.7));
    }

    @Test
    void inPlaceOnAViewWithAGradOperandIsUnsupported() {
        // the view of a plain buffer would get the history but not the buffer itself
        Tensor x = leafOf(1, 2);
        Tensor buf = Tensor.of(NDArray.zeros(DType.FLOAT64, 4));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> buf.narrow(0, 1, 2).copy_(x.mul(3.0)));
        assertTrue(e.getMessage().startsWith("copy_: in-place operations on a view with an operand that requires grad"),
                e.getMessage());
        assertArrayEquals(new double[4], buf.toDoubleArray(), 0, "nothing written");
        // without a gradient to carry it is a plain write
        buf.narrow(0, 1, 2).copy_(Tensor.of(NDArray.of(5.0, 6.0)));
        assertArrayEquals(new double[] {0, 5, 6, 0}, buf.toDoubleArray(), 0);
    }

    @Test
    void modifyingASavedInputFailsBackward() {
        Tensor x = leafOf(0.1, 0.2, 0.3);
        Tensor a = x.mul(1.0);
        Tensor b = a.sin();
        a.mul_(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.sum().backward());
        String m = e.getMessage();
        assertTrue(m.contains("one of the variables needed for gradient computation has been modified by an inplace"
                + " operation"), m);
        assertTrue(m.contains("[3]"), m);
        assertTrue(m.contains("which is output 0 of MulBackward0"), m);
        assertTrue(m.contains("is at version 1; expected version 0 instead"), m);
        assertTrue(m.contains("SinBackward0"), m);
    }

    @Test
    void modifyingASavedOutputFailsBackward() {
        Tensor x = leafOf(0.1, 0.2);
        Tensor y = x.exp();
        y.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("which is output 0 of ExpBackward0, is at version 1; expected version 0"),
                e.getMessage());
    }

    @Test
    void modifyingASavedLeafUnderNoGradFailsBackward() {
        Tensor x = leafOf(0.5, 1.5);
        Tensor y = x.log();
        try (var g = Ravel.noGrad()) {
            x.mul_(2.0);
            x.mul_(2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("is at version 2; expected version 0"), e.getMessage());
        assertTrue(e.getMessage().contains("LogBackward0"), e.getMessage());
    }

    @Test
    void writesThroughDataBumpTheVersionToo() {
        Tensor x = leafOf(0.5, 1.5);
        Tensor y = x.log();
        int v0 = x.version();
        x.data().add_(1.0);
        assertEquals(v0 + 1, x.version());
        assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }

    @Test
    void inPlaceOnAnOutputItsOpSavedFails() {
        // exp saves its result, so changing it breaks exp's backward, as in PyTorch
        Tensor z = leafOf(1, 2);
        Tensor v = z.exp();
        v.zero_();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.sum().backward());
        assertTrue(e.getMessage().contains("output 0 of ExpBackward0"), e.getMessage());
    }

    @Test
    void inPlaceOnATensorNobodySavedIsFine() {
        Tensor x = leafOf(1, 2);
        Tensor y = x.mul(3.0);   // saves nothing
        y.add_(1.0);
        y.sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void viewsShareTheVersionCounter() {
        Tensor x = Tensor.of(NDArray.zeros(DType.FLOAT64, 3, 4));
        Tensor v = x.transpose(0, 1).narrow(0, 1, 2);
        Tensor d = x.detach();
        int v0 = x.version();
        v.add_(1.0);
        assertEquals(v0 + 1, x.version());
        assertEquals(x.version(), v.version());
        d.mul_(2.0);
        assertEquals(v0 + 2, v.version());
        assertEquals(2.0, x.toDoubleArray()[1]);

        // a grad-requiring tensor saved for backward, modified through a view under no-grad
        Tensor w = leafOf(1, 2, 3);
        Tensor s = w.square();
        try (var g = Ravel.noGrad()) {
            w.narrow(0, 0, 1).mul_(5.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.sum().backward());
        assertTrue(e.getMessage().contains("expected version 0"), e.getMessage());
    }

    @Test
    void inPlaceOnAViewOfAGradTensorIsUnsupported() {
        Tensor x = leafOf(1, 2, 3, 4);
        Tensor y = x.mul(2.0);
        Tensor v = y.narrow(0, 1, 2);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> v.mul_(3.0));
        assertTrue(e.getMessage().startsWith("mul_: in-place operations on a view of a tensor that requires grad"),
                e.getMessage());
        Tensor leafView = x.view(2, 2);
        UnsupportedOperationException e2 = assertThrows(UnsupportedOperationException.class, () -> leafView.add_(1.0));
        assertTrue(e2.getMessage().contains("in-place operations on a view of a tensor that requires grad"),
                e2.getMessage());
        // the documented way out: clone the view first
        Tensor c = y.narrow(0, 1, 2).clone();
        c.mul_(3.0);
        c.sum().backward();
        assertArrayEquals(new double[] {0, 6, 6, 0}, x.grad().toDoubleArray(), 0);
        // and under noGrad it is a plain write
        try (var g = Ravel.noGrad()) {
            x.narrow(0, 0, 2).zero_();
        }
        assertArrayEquals(new double[] {0, 0, 3, 4}, x.toDoubleArray(), 0);
    }

    @Test
    void retainGradFollowsAnInPlaceOp() {
        // .grad of a retained non-leaf is the gradient of its current value (PyTorch moves the hook)
        Tensor x = leafOf(1, 2);
        Tensor h = x.mul(1.0);
        h.retainGrad();
        h.mul_(3.0);
        assertTrue(h.retainsGrad());
        h.mul(h).sum().backward();
        assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void inPlaceShapeMismatch() {
        Tensor x = leafOf(1, 2);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> y.add_(Tensor.of(NDArray.zeros(DType.FLOAT64, 3, 2))));
        assertTrue(e.getMessage().contains("add_") && e.getMessage().contains("[2]")
                && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void randomFillsOnANonLeafThatRequiresGradNeedNoGrad() {
        Tensor y = leafOf(1, 2).mul(2.0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> y.normal_(0, 1));
        assertTrue(e.getMessage().startsWith("normal_:"), e.getMessage());
        Tensor w = leafOf(0, 0, 0);
        try (var g = Ravel.noGrad()) {
            w.normal_(0, 1, new Generator(3));
        }
        assertNotEquals(0.0, w.toDoubleArray()[0]);
    }

    @Test
    void aViewTakenBeforeAnInPlaceOpOnItsBaseFailsInsteadOfGivingStaleGradients() {
        Tensor x = leafOf(1, 2);
        Tensor h = x.mul(1.0);
        Tensor stale = h.narrow(0, 0, 1);
        h.mul_(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stale.sum().backward());
        assertTrue(e.getMessage().contains("in-place"), e.getMessage());
        // A view taken after the in-place op sees the new history: d(2x[0])/dx = [2, 0].
        h.narrow(0, 0, 1).sum().backward();
        assertArrayEquals(new double[] {2, 0}, x.grad().toDoubleArray());
    }
}
