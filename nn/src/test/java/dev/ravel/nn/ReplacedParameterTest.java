package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * setParameter (weight tying, loading a shared tensor) changes what a layer computes with, for
 * every layer that keeps its parameters in fields: the layer given module {@code b}'s parameters
 * computes what {@code b} computes, and its gradient reaches the new parameters.
 */
class ReplacedParameterTest {

    private static <M extends Module> void computesWithReplacedParameters(M a, M b, Function<M, Tensor> forward) {
        // b's parameters are made random, so that they differ from a's default init (norm layers start at 1 and 0)
        for (Parameter p : b.parameters()) {
            p.data().copy_(Ravel.randn(p.shape()).data());
        }
        for (var e : b.namedParameters().entrySet()) {
            a.setParameter(e.getKey(), Parameter.of(e.getValue().detach().clone()));
        }
        Tensor expected = forward.apply(b);
        Tensor actual = forward.apply(a);
        assertTrue(expected.allclose(actual, 0, 0), a.getClass().getSimpleName()
                + " computes with the replaced parameters: " + actual + " vs " + expected);
        actual.sum().backward();
        for (var e : a.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), a.getClass().getSimpleName() + ": gradient of the replaced " + e.getKey());
        }
    }

    @Test
    void layersWithParameterFieldsFollowSetParameter() {
        Ravel.manualSeed(3);
        Tensor x2 = Ravel.randn(4, 6);
        Tensor x3 = Ravel.randn(2, 6, 5);
        Tensor x4 = Ravel.randn(2, 6, 5, 5);
        computesWithReplacedParameters(new Linear(6, 3), new Linear(6, 3), m -> m.forward(x2));
        computesWithReplacedParameters(new Conv1d(6, 2, 3), new Conv1d(6, 2, 3), m -> m.forward(x3));
        computesWithReplacedParameters(new Conv2d(6, 2, 3), new Conv2d(6, 2, 3), m -> m.forward(x4));
        computesWithReplacedParameters(new Embedding(7, 3), new Embedding(7, 3),
                m -> m.forward(Ravel.tensor(new long[] {1, 6, 2})));
        computesWithReplacedParameters(new LayerNorm(6), new LayerNorm(6), m -> m.forward(x2));
        computesWithReplacedParameters(new BatchNorm1d(6), new BatchNorm1d(6), m -> m.forward(x2));
        computesWithReplacedParameters(new BatchNorm2d(6), new BatchNorm2d(6), m -> m.forward(x4));
        computesWithReplacedParameters(new GroupNorm(3, 6), new GroupNorm(3, 6), m -> m.forward(x4));
    }
}
