package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Device;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.cpu.CpuStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine hands consumed gradients back for reuse (Backend.recycle): it does so for a gradient
 * only this pass held, and never for one that anything can still see (a .grad, a hook's argument,
 * retain_grad, grad()'s results, a graph being built, a CustomFunction's arguments). Each "kept"
 * case overwrites every recyclable array of the size afterwards and checks the kept values.
 * (The autograd suite also runs with -Dravel.recycle=poison, where a recycled array turns NaN.)
 */
class GradientRecyclingTest {
    private static final int N = 1 << 14;   // at least ArrayPool.MIN_ELEMENTS

    private static Tensor leaf(long seed) {
        return Tensor.of(NDArray.randn(new int[] {N}, DType.FLOAT32, new Generator(seed))).requiresGrad_();
    }

    private static Object arrayOf(NDArray a) {
        return ((CpuStorage) a.storage()).array();
    }

    /** Takes every pooled array of [N] float32 and scribbles on it. */
    private static void scribbleOnRecycledMemory() {
        for (int i = 0; i < 16; i++) {
            NDArray.empty(new int[] {N}, DType.FLOAT32, Device.CPU).fill_(-12345);
        }
    }

    /** {@code 2 exp(x)}, the gradient of {@code sum(2 exp(x))}. */
    private static float[] expected(Tensor x) {
        return x.detach().exp().mul(2).toFloatArray();
    }

    /** An identity op whose backward notes which array its gradient came in (it keeps no reference to the tensor). */
    private static Object[] lastGradArray = new Object[1];

    private static Tensor peek(Tensor x) {
        return Autograd.record("peek", x.data().clone(), new Tensor[] {x}, null, (g, s) -> {
            lastGradArray[0] = arrayOf(g.data());
            return new Tensor[] {g.mul(2)};
        });
    }

    @Test
    void aConsumedGradientServesTheNextAllocationOfItsSize() {
        assumeTrue(System.getProperty("ravel.recycle", "on").equals("on"), "recycling is on");
        Tensor x = leaf(1);
        // backward: the outer peek gets sum's expanded scalar and returns a fresh [N]; mul's backward
        // consumes that and makes another, which the inner peek consumes last and so is on top of the pool
        peek(peek(x).mul(3)).sum().backward();
        Object consumed = lastGradArray[0];
        NDArray next = NDArray.empty(new int[] {N}, DType.FLOAT32, Device.CPU);
        assertSame(consumed, arrayOf(next), "the inner peek's gradient was handed back and reused");
    }

    @Test
    void recyclingLeavesGradientsUnchanged() {
        Tensor x = leaf(2);
        for (int step = 0; step < 3; step++) {
            x.setGrad(null);
            x.mul(2).exp().mul(0.5).neg().sum().backward();
            scribbleOnRecycledMemory();
            float[] want = x.detach().mul(2).exp().mul(-1).toFloatArray();
            assertArrayEquals(want, x.grad().toFloatArray(), 1e-5f, "step " + step);
        }
    }

    @Test
    void leafGradIsKept() {
        Tensor x = leaf(3);
        x.exp().mul(2).sum().backward();
        scribbleOnRecycledMemory();
        assertArrayEquals(expected(x), x.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void whatAHookSawIsKept() {
        Tensor x = leaf(4);
        Tensor e = x.exp();
        Tensor[] seen = new Tensor[1];
        e.registerHook(g -> {
            seen[0] = g;
            return null;
        });
        e.mul(2).neg().neg().sum().backward();
        scribbleOnRecycledMemory();
        assertNotNull(seen[0]);
        float[] twos = new float[N];
        java.util.Arrays.fill(twos, 2f);
        assertArrayEquals(twos, seen[0].toFloatArray());
        assertArrayEquals(expected(x), x.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void retainedGradIsKept() {
        Tensor x = leaf(5);
        Tensor e = x.exp().retainGrad();
        e.mul(2).neg().neg().sum().backward();
        scribbleOnRecycledMemory();
        float[] twos = new float[N];
        java.util.Arrays.fill(twos, 2f);
        assertArrayEquals(twos, e.grad().toFloatArray());
    }

    @Test
    void gradResultsAreKept() {
        Tensor x = leaf(6);
        Tensor e = x.exp();
        List<Tensor> g = Ravel.grad(List.of(e.mul(2).neg().neg().sum()), List.of(x, e), null, false, false, false);
        scribbleOnRecycledMemory();
        float[] twos = new float[N];
        java.util.Arrays.fill(twos, 2f);
        assertArrayEquals(expected(x), g.get(0).toFloatArray(), 1e-5f);
        assertArrayEquals(twos, g.get(1).toFloatArray());
    }

    @Test
    void aGraphBeingBuiltIsKept() {
        Tensor x = leaf(7);
        x.exp().mul(2).neg().neg().sum().backward(null, false, true);
        Tensor firstGrad = x.grad();
        scribbleOnRecycledMemory();
        assertArrayEquals(expected(x), firstGrad.toFloatArray(), 1e-5f);
        x.setGrad(null);
        firstGrad.sum().backward();   // d/dx sum(2 exp(x)) = 2 exp(x), through the kept graph
        scribbleOnRecycledMemory();
        assertArrayEquals(expected(x), x.grad().toFloatArray(), 1e-5f);
    }

    /** A CustomFunction may keep the gradient it is given. */
    static final class KeepsItsGradient extends CustomFunction {
        Tensor kept;

        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            return new Tensor[] {in[0].clone()};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            kept = grads[0];
            return new Tensor[] {grads[0].mul(1)};
        }
    }

    @Test
    void aCustomFunctionsGradientIsKept() {
        Tensor x = leaf(8);
        KeepsItsGradient f = new KeepsItsGradient();
        f.apply(x)[0].mul(2).neg().neg().sum().backward();
        scribbleOnRecycledMemory();
        float[] twos = new float[N];
        java.util.Arrays.fill(twos, 2f);
        assertArrayEquals(twos, f.kept.toFloatArray());
    }
}
