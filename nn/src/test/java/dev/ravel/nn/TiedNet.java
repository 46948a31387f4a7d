package dev.ravel.nn;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;

/**
 * The TiedNet of make_nn_golden.py: one Block under two names ({@code layers.0} and
 * {@code shared}), the head's weight tied to the embedding's, persistent and non-persistent buffers.
 */
class TiedNet extends Module {
    static class Block extends Module {
        final Linear fc = registerModule("fc", new Linear(3, 3));
        final BatchNorm1d bn = registerModule("bn", new BatchNorm1d(3));

        Block() {
            registerBuffer("scale", Ravel.ones(1), false);
        }

        @Override
        public Tensor forward(Tensor x) {
            return bn.forward(fc.forward(x)).mul(buffer("scale"));
        }
    }

    final Embedding embed = registerModule("embed", new Embedding(5, 3));
    final ModuleList layers = registerModule("layers", new ModuleList(new Block(), new Block()));
    final Module shared = registerModule("shared", layers.get(0));
    final Linear head = registerModule("head", new Linear(3, 5, false));

    TiedNet() {
        // PyTorch's `self.head.weight = self.embed.weight`.
        head.setParameter("weight", embed.weight);
        registerBuffer("step", Ravel.zeros(DType.INT64));
    }
}
