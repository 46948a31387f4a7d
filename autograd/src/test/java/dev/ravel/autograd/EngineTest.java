package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backward engine: roots and their gradients, accumulation, retained and freed graphs, higher order, grad(). */
class EngineTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(NDArray.of(v)).requiresGrad_();
    }

    private static void assertValues(double[] expected, Tensor t) {
        assertNotNull(t, "gradient");
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12);
    }

    @Test
    void backwardOnAScalar() {
        Tensor x = leaf(1, -2, 3);
        Tensor y = x.square().sum();
        assertEquals("SumBackward0", y.gradFn().name());
        y.backward();
        assertValues(new double[] {2, -4, 6}, x.grad());
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertFalse(x.grad().requiresGrad());
    }

    @Test
    void backwardWithAGradientOnANonScalar() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(NDArray.of(1.0, 0.5, -1.0)));
        assertValues(new double[] {2, 2, -6}, x.grad());
    }

    @Test
    void aRootGradientOfAnotherDtypeIsCast() {
        Tensor x = leaf(1, 2);
        x.backward(Tensor.of(NDArray.of(1f, 2f)));
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertValues(new double[] {1, 2}, x.grad());
        Tensor y = leaf(1, 2);
        List<Tensor> g = Ravel.grad(List.of(y.mul(2.0)), List.of(y), List.of(Tensor.of(NDArray.of(1L, 2L))), false,
                false, false);
        assertEquals(DType.FLOAT64, g.getFirst().dtype());
        assertValues(new double[] {2, 4}, g.getFirst());
    }

    @Test
    void implicitGradOnlyForScalars() {
        Tensor y = leaf(1, 2).mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("grad can be implicitly created only for scalar outputs"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        // a one-element non-0-d output is fine, as in PyTorch
        Tensor x = leaf(3);
        x.mul(2).backward();
        assertValues(new double[] {2}, x.grad());
    }

    @Test
    void backwardErrors() {
        Tensor plain = Tensor.of(NDArray.of(1.0, 2.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plain.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad and does not have a grad_fn"), e.getMessage());

        Tensor y = leaf(1, 2).mul(2);
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> y.backward(Tensor.of(NDArray.of(1.0, 2.0, 3.0))));
        assertTrue(m.getMessage().contains("mismatch in shape") && m.getMessage().contains("[3]")
                && m.getMessage().contains("[2]"), m.getMessage());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        Tensor first = x.grad();
        x.square().sum().backward();
        assertValues(new double[] {5, 7}, x.grad());
        assertSame(first, x.grad(), "accumulated in place into the existing grad");
        x.setGrad(null);
        x.mul(3).sum().backward();
        assertValues(new double[] {3, 3}, x.grad());
    }

    @Test
    void aLeafUsedTwiceGetsTheSumOfBothPaths() {
        Tensor x = leaf(2);
        x.mul(x).add(x.exp()).backward();
        assertValues(new double[] {4 + Math.exp(2)}, x.grad());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(0.5, 1.5);
        Tensor y = x.exp().sum();
        y.backward(null, true, false);
        y.backward(null, true, false);
        assertValues(new double[] {2 * Math.exp(0.5), 2 * Math.exp(1.5)}, x.grad());
        y.backward();
        assertValues(new double[] {3 * Math.exp(0.5), 3 * Math.exp(1.5)}, x.grad());
    }

    @Test
    void secondBackwardThroughAFreedGraphFails() {
        Tensor x = leaf(0.5, 1.5);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("Trying to backward through the graph a second time"), e.getMessage());
        assertTrue(e.getMessage().contains("ExpBackward0"), e.getMessage());
        IllegalStateException g = assertThrows(IllegalStateException.class, () -> Ravel.grad(y, x));
        assertTrue(g.getMessage().contains("Trying to backward through the graph a second time"), g.getMessage());
    }

    @Test
    void createGraphGivesHigherOrderDerivatives() {
        Tensor x = leaf(2, -1);
        Tensor y = x.pow(3).sum();
        Tensor dy = Ravel.grad(List.of(y), List.of(x), List.of(), false, true, false).getFirst();
        assertValues(new double[] {12, 3}, dy);
        assertTrue(dy.requiresGrad(), "a gradient computed with createGraph is differentiable");
        Tensor d2 = Ravel.grad(List.of(dy.sum()), List.of(x), List.of(), false, true, false).getFirst();
        assertValues(new double[] {12, -6}, d2);
        Tensor d3 = Ravel.grad(d2.sum(), x).getFirst();
        assertValues(new double[] {6, 6}, d3);
        assertNull(x.grad(), "grad() does not touch .grad");
    }

    @Test
    void backwardWithCreateGraphThenBackwardOfTheGrad() {
        Tensor x = leaf(3);
        x.pow(3).backward(null, false, true);
        Tensor g = x.grad();
        assertValues(new double[] {27}, g);
        assertTrue(g.requiresGrad());
        x.setGrad(null);
        g.backward();
        assertValues(new double[] {18}, x.grad());
    }

    @Test
    void gradOfSeveralOutputsAndInputs() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor u = a.mul(b);
        Tensor v = a.add(b.square());
        List<Tensor> g = Ravel.grad(List.of(u, v), List.of(a, b),
                List.of(Tensor.of(NDArray.of(1.0, 1.0)), Tensor.of(NDArray.of(2.0, -1.0))), false, false, false);
        assertValues(new double[] {3 + 2, 4 - 1}, g.get(0));
        assertValues(new double[] {1 + 2 * 2 * 3, 2 - 2 * 4}, g.get(1));
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void gradWithRespectToANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3);
        Tensor y = h.square().sum();
        List<Tensor> g = Ravel.grad(List.of(y), List.of(h, x), List.of(), false, false, false);
        assertValues(new double[] {6, 12}, g.get(0));
        assertValues(new double[] {18, 36}, g.get(1));
        assertNull(x.grad());
        assertNull(h.grad());
    }

    @Test
    void gradAllowUnused() {
        Tensor x = leaf(1);
        Tensor unused = leaf(2);
        Tensor y = x.mul(2).sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ravel.grad(List.of(y), List.of(x, unused), List.of(), true, false, false));
        assertTrue(e.getMessage().contains("appears to not have been used in the graph"), e.getMessage());
        List<Tensor> g = Ravel.grad(List.of(y), List.of(x, unused), List.of(), false, false, true);
        assertValues(new double[] {2}, g.get(0));
        assertNull(g.get(1));
    }

    @Test
    void gradInputErrors() {
        Tensor x = leaf(1);
        Tensor y = x.mul(2).sum();
        Tensor plain = Tensor.of(NDArray.of(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ravel.grad(y, plain));
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ravel.grad(y));
    }

    /** The identity, counting its backward calls. */
    private static final class CountingIdentity extends CustomFunction {
        int backwardCalls;

        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            return new Tensor[] {in[0].clone()};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            backwardCalls++;
            return new Tensor[] {grads[0]};
        }
    }

    @Test
    void gradOnlyRunsTheNeededPartOfTheGraph() {
        // The branch that leads only to b must not run when only a's gradient is asked for.
        Tensor a = leaf(1);
        Tensor b = leaf(2);
        CountingIdentity onB = new CountingIdentity();
        CountingIdentity onA = new CountingIdentity();
        Tensor y = onA.apply(a.mul(2))[0].add(onB.apply(b.mul(3))[0]).sum();
        assertValues(new double[] {2}, Ravel.grad(List.of(y), List.of(a), List.of(), true, false, false).getFirst());
        assertEquals(0, onB.backwardCalls);
        assertEquals(1, onA.backwardCalls);
        y.backward();
        assertEquals(1, onB.backwardCalls);
        assertValues(new double[] {3}, b.grad());
    }

    @Test
    void severalRootsInOneBackward() {
        Tensor x = leaf(1, 2);
        Tensor y1 = x.mul(2).sum();
        Tensor y2 = x.square().sum();
        Engine.backward(List.of(y1, y2), List.of(), false, false);
        assertValues(new double[] {4, 6}, x.grad());
    }

    @Test
    void retainGradOnANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3);
        Tensor other = x.mul(4);
        assertSame(h, h.retainGrad());
        assertTrue(h.retainsGrad());
        h.square().sum().add(other.sum()).backward();
        assertValues(new double[] {6, 12}, h.grad());
        assertNull(other.grad(), "a non-leaf keeps no grad unless asked");
        assertValues(new double[] {18 + 4, 36 + 4}, x.grad());
        assertFalse(h.grad().requiresGrad());
    }

    @Test
    void retainGradAccumulatesAndIsIdempotent() {
        Tensor x = leaf(1);
        Tensor h = x.mul(2);
        h.retainGrad();
        h.retainGrad();
        Tensor y = h.mul(5).sum();
        y.backward(null, true, false);
        y.backward();
        assertValues(new double[] {10}, h.grad());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.of(NDArray.of(1.0)).retainGrad());
        assertTrue(e.getMessage().contains("requires_grad=False"), e.getMessage());
    }

    @Test
    void aGradientFlowsOnlyIntoTensorsThatRequireIt() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(NDArray.of(3.0, 4.0));
        x.mul(c).sum().backward();
        assertValues(new double[] {3, 4}, x.grad());
        assertNull(c.grad());
        assertFalse(c.requiresGrad());
    }

    @Test
    void broadcastGradientsAreSummedToTheInputShape() {
        Tensor a = Tensor.of(NDArray.of(1.0, 2.0, 3.0).reshape(3, 1)).requiresGrad_();
        Tensor b = Tensor.of(NDArray.of(1.0, 10.0)).requiresGrad_();
        Tensor s = Tensor.of(NDArray.scalar(2.0)).requiresGrad_();
        a.mul(b).mul(s).sum().backward();
        assertArrayEquals(new int[] {3, 1}, a.grad().shape());
        assertValues(new double[] {22, 22, 22}, a.grad());
        assertValues(new double[] {12, 12}, b.grad());
        assertArrayEquals(new int[0], s.grad().shape());
        assertValues(new double[] {66}, s.grad());
    }

    @Test
    void anUnreachedOutputOfAMultiOutputOpGetsZeros() {
        Tensor x = Tensor.of(NDArray.arange(0, 6).to(DType.FLOAT64).reshape(2, 3)).requiresGrad_();
        List<Tensor> parts = x.split(1, 1);
        parts.get(2).mul(2).sum().backward();
        assertValues(new double[] {0, 0, 2, 0, 0, 2}, x.grad());
    }

    @Test
    void integerLeavesCannotRequireGrad() {
        Tensor i = Tensor.of(NDArray.of(1L, 2L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, i::requiresGrad_);
        assertTrue(e.getMessage().contains("only Tensors of floating point dtype can require gradients"), e.getMessage());
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        Tensor b = Tensor.of(NDArray.of(true, false));
        assertThrows(IllegalArgumentException.class, () -> b.requiresGrad_(true));
        assertFalse(b.requiresGrad_(false).requiresGrad());
    }

    @Test
    void requiresGradFlagsOfNonLeaves() {
        Tensor x = leaf(1);
        Tensor y = x.mul(2);
        assertFalse(y.isLeaf());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad_(false));
        assertTrue(e.getMessage().contains("you can only change requires_grad flags of leaf variables"), e.getMessage());
        assertSame(y, y.requiresGrad_(true));
        assertTrue(x.isLeaf());
        x.requiresGrad_(false);
        assertFalse(x.requiresGrad());
        assertFalse(x.mul(2).requiresGrad());
    }

    @Test
    void detachCutsTheGraphAndSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertNull(d.gradFn());
        assertSame(y.data().storage(), d.data().storage());
        // gradient stops at the detached tensor
        y.mul(d).sum().backward();
        assertValues(new double[] {9, 18}, x.grad());
        // writes through the detached tensor show in the original (shared storage and version)
        int before = y.version();
        d.data().add_(1.0);
        assertEquals(before + 1, y.version());
        assertValues(new double[] {4, 7}, y);
    }

    @Test
    void detachInPlace() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3);
        assertSame(y, y.detach_());
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
        Tensor z = x.mul(2).narrow(0, 0, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, z::detach_);
        assertTrue(e.getMessage().contains("can't detach views in-place"), e.getMessage());
    }

    @Test
    void setGradChecksTheShape() {
        Tensor x = leaf(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.setGrad(Tensor.of(NDArray.of(1.0, 2.0, 3.0))));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void gradFnNamesFollowPyTorch() {
        Tensor x = leaf(1, 2);
        assertEquals("MulBackward0", x.mul(x).gradFn().name());
        assertEquals("IndexSelectBackward0", x.indexSelect(0, Tensor.of(NDArray.of(0L))).gradFn().name());
        assertEquals("LogSoftmaxBackward0", x.logSoftmax(0).gradFn().name());
        assertEquals("AccumulateGrad", x.mul(2).gradFn().nextEdges().getFirst().node().name());
        assertTrue(x.mul(2).toString().contains("grad_fn=<MulBackward0>"), x.mul(2).toString());
        assertTrue(x.toString().contains("requires_grad=True"), x.toString());
    }
}
