package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backward runs nodes in a fixed order (by creation), so gradients that are sums of many float32
 * contributions come out bit for bit the same on every run.
 */
class DeterminismTest {
    private static final int RUNS = 5;

    private static Tensor input(long seed, int... shape) {
        return Tensor.of(NDArray.randn(shape, DType.FLOAT32, new Generator(seed))).requiresGrad_();
    }

    /** Gradients of a graph with diamonds and a fan of branches that all meet again at x and w. */
    private static List<float[]> diamondGrads() {
        Tensor x = input(1, 64, 32);
        Tensor w = input(2, 32, 16);
        Tensor h = x.tanh();
        Tensor a = h.mul(2.5);
        Tensor b = h.exp();
        Tensor c = a.mul(b);
        Tensor d = a.add(b.sin());
        Tensor acc = c.add(d);
        for (int i = 0; i < 20; i++) {
            acc = acc.add(h.mul(0.1 * (i + 1)).sin().mul(x));
        }
        Tensor y = acc.matmul(w).softmax(-1).mul(x.matmul(w)).sum().add(x.square().mean());
        y.backward();
        return List.of(x.grad().toFloatArray(), w.grad().toFloatArray(), y.toFloatArray());
    }

    @Test
    void diamondGraphGradientsAreBitwiseReproducible() {
        List<float[]> first = diamondGrads();
        for (int r = 1; r < RUNS; r++) {
            List<float[]> again = diamondGrads();
            for (int k = 0; k < first.size(); k++) {
                int[] expected = bits(first.get(k));
                assertArrayEquals(expected, bits(again.get(k)), "run " + r + " output " + k);
            }
        }
    }

    @Test
    void repeatedBackwardOverARetainedGraphIsReproducible() {
        Tensor x = input(3, 200);
        Tensor h = x.sigmoid();
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            parts.add(h.mul(x.mul(i * 0.37)).cos());
        }
        Tensor y = Tensor.stack(parts, 0).logsumexp(0, false).sum();
        int[] expected = null;
        for (int r = 0; r < RUNS; r++) {
            x.setGrad(null);
            y.backward(null, true, false);
            int[] got = bits(x.grad().toFloatArray());
            if (expected == null) {
                expected = got;
            } else {
                assertArrayEquals(expected, got, "run " + r);
            }
        }
    }

    @Test
    void nodesAreOrderedByCreation() {
        Tensor x = input(4, 2);
        Tensor a = x.mul(2);
        Tensor b = a.exp();
        assertEquals(-1, Long.compare(a.gradFn().sequenceNr(), b.gradFn().sequenceNr()));
    }

    private static int[] bits(float[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Float.floatToRawIntBits(v[i]);
        }
        return r;
    }
}
