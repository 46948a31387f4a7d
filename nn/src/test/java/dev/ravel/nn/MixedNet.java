package dev.ravel.nn;

import dev.ravel.Tensor;

/**
 * The MixedNet of make_nn_golden.py, written the same way: the names, order and printout of its
 * submodules must be PyTorch's, and PyTorch's state dict of it loads here.
 */
class MixedNet extends Module {
    final Embedding emb = registerModule("emb", new Embedding(10, 4, 0));
    final Conv2d conv = registerModule("conv", new Conv2d(1, 3, 3, 1, 1));
    final BatchNorm2d bn = registerModule("bn", new BatchNorm2d(3));
    final LeakyReLU act = registerModule("act", new LeakyReLU(0.2));
    final AdaptiveAvgPool2d pool = registerModule("pool", new AdaptiveAvgPool2d(2));
    final Flatten flat = registerModule("flat", new Flatten());
    final LayerNorm ln = registerModule("ln", new LayerNorm(12));
    final Sequential head = registerModule("head", new Sequential(new Linear(16, 8), new GELU(), new Dropout(0.1),
            new Linear(8, 3)));

    Tensor forward(Tensor tokens, Tensor images) {
        Tensor e = emb.forward(tokens).mean(1);
        Tensor h = ln.forward(flat.forward(pool.forward(act.forward(bn.forward(conv.forward(images))))));
        return head.forward(Tensor.cat(java.util.List.of(e, h), 1));
    }
}
