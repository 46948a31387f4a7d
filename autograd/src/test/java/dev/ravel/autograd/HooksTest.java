package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensor hooks: they see a gradient, may replace it, and are removed through their handle. */
class HooksTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(NDArray.of(v)).requiresGrad_();
    }

    @Test
    void hookOnALeafSeesAndReplacesTheGradient() {
        Tensor x = leaf(1, 2);
        List<double[]> seen = new ArrayList<>();
        RemovableHandle h = x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(10);
        });
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, seen.getFirst(), 0);
        assertArrayEquals(new double[] {30, 30}, x.grad().toDoubleArray(), 0);

        h.remove();
        x.setGrad(null);
        x.mul(3).sum().backward();
        assertEquals(1, seen.size(), "a removed hook is not called");
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void hookOnANonLeafChangesWhatFlowsUpstream() {
        Tensor x = leaf(1, 2);
        Tensor h = x.square();
        List<double[]> seen = new ArrayList<>();
        RemovableHandle handle = h.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(-1);
        });
        h.mul(5).sum().backward();
        assertArrayEquals(new double[] {5, 5}, seen.getFirst(), 0);
        // dx = -5 * 2x
        assertArrayEquals(new double[] {-10, -20}, x.grad().toDoubleArray(), 0);

        handle.remove();
        x.setGrad(null);
        h = x.square();
        h.mul(5).sum().backward();
        assertArrayEquals(new double[] {10, 20}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void hookReturningNullKeepsTheGradientAndHooksChain() {
        Tensor x = leaf(1);
        List<String> order = new ArrayList<>();
        x.registerHook(g -> {
            order.add("first");
            return g.add(1.0);
        });
        x.registerHook(g -> {
            order.add("second saw " + g.item());
            return null;
        });
        x.mul(2).sum().backward();
        assertEquals(List.of("first", "second saw 3.0"), order);
        assertEquals(3.0, x.grad().item());
    }

    @Test
    void hookOnANonLeafRunsOnceWithTheSummedGradient() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2);
        List<double[]> seen = new ArrayList<>();
        h.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return null;
        });
        h.mul(3).add(h.mul(4)).sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {7, 7}, seen.getFirst(), 0);
    }

    @Test
    void hooksRunForGradToo() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2);
        h.registerHook(g -> g.mul(0.5));
        Tensor y = h.square().sum();
        assertArrayEquals(new double[] {4, 8}, Ravel.grad(y, x).getFirst().toDoubleArray(), 0);
    }

    @Test
    void aGradientKeptByAHookIsNotChangedByLaterAccumulation() {
        // the engine may hand a freshly computed gradient to a leaf as its grad, and later sum into
        // that grad in place; a gradient a hook has seen must not be that tensor
        Tensor x = leaf(1, 2);
        List<Tensor> kept = new ArrayList<>();
        x.registerHook(g -> {
            kept.add(g);
            return null;
        });
        x.mul(2).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {2, 2}, kept.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 3}, kept.get(1).toDoubleArray(), 0);
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), 0);

        Tensor z = leaf(1, 2);
        List<Tensor> returned = new ArrayList<>();
        z.registerHook(g -> {
            Tensor r = g.mul(10);
            returned.add(r);
            return r;
        });
        z.mul(2).sum().backward();
        z.mul(2).sum().backward();
        assertArrayEquals(new double[] {20, 20}, returned.get(0).toDoubleArray(), 0);
        assertArrayEquals(new double[] {40, 40}, z.grad().toDoubleArray(), 0);
    }

    @Test
    void hooksNeedATensorThatRequiresGrad() {
        Tensor c = Tensor.of(NDArray.of(1.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.registerHook(g -> g));
        assertTrue(e.getMessage().contains("doesn't require gradient"), e.getMessage());
    }
}
