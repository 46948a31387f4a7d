package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.functional.Functional;
import dev.ravel.nn.functional.Reduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to a layer or loss fails with a message naming the layer and what was expected and given. */
class LayerErrorMessageTest {
    private static String message(Class<? extends Throwable> type, Executable body) {
        Throwable t = assertThrows(type, body);
        return t.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' not in: " + message);
        }
    }

    @Test
    void linearNamesItselfAndTheShapes() {
        Linear lin = new Linear(4, 3);
        contains(message(IllegalArgumentException.class, () -> lin.forward(Ravel.zeros(2, 5))),
                "Linear(in_features=4)", "last dimension 4", "[2, 5]");
        contains(message(IllegalArgumentException.class, () -> lin.forward(Ravel.scalar(1))), "Linear", "[]");
        // Inside a model the failing layer still names itself.
        contains(message(IllegalArgumentException.class, () -> ModuleSpecs.seedMlp().forward(Ravel.zeros(2, 1, 10, 10))),
                "Linear(in_features=784)", "[2, 100]");
    }

    @Test
    void conv2dNamesItselfAndTheShapes() {
        Conv2d conv = new Conv2d(3, 8, 3);
        contains(message(IllegalArgumentException.class, () -> conv.forward(Ravel.zeros(2, 1, 8, 8))),
                "Conv2d(3, 8)", "[N, 3, H, W]", "[2, 1, 8, 8]");
        contains(message(IllegalArgumentException.class, () -> conv.forward(Ravel.zeros(3, 8))), "Conv2d", "[3, 8]");
        contains(message(IllegalArgumentException.class, () -> new Conv2d(3, 8, 2).forward(Ravel.zeros(1, 3, 1, 1))),
                "conv2d", "(1 x 1)", "Kernel size: (2 x 2)");
        contains(message(IllegalArgumentException.class, () -> new Conv2d(4, 6, new int[] {3, 3}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}, 4, true)), "out_channels (6)", "groups (4)");
        contains(message(IllegalArgumentException.class, () -> new Conv2d(4, 6, new int[] {3, 3}, "full",
                new int[] {1, 1}, 1, true)), "'full'", "'valid', 'same'");
        contains(message(IllegalArgumentException.class, () -> new Conv1d(2, 2, 3).forward(Ravel.zeros(1, 3, 5))),
                "Conv1d(2, 2)", "[1, 3, 5]");
    }

    @Test
    void batchNormNamesItselfAndTheShapes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        contains(message(IllegalArgumentException.class, () -> bn.forward(Ravel.zeros(2, 3, 4))),
                "BatchNorm2d", "expected 4D input", "got 3D input", "[2, 3, 4]");
        contains(message(IllegalArgumentException.class, () -> bn.forward(Ravel.zeros(2, 5, 4, 4))),
                "BatchNorm2d(3)", "3 channels", "[2, 5, 4, 4]");
        contains(message(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Ravel.zeros(1, 3))),
                "more than 1 value per channel when training", "[1, 3]");
        contains(message(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Ravel.zeros(3))),
                "BatchNorm1d", "2D or 3D", "[3]");
    }

    @Test
    void layerNormAndGroupNormNameTheShapes() {
        contains(message(IllegalArgumentException.class, () -> new LayerNorm(5).forward(Ravel.zeros(3, 4))),
                "layer_norm", "normalized_shape=[5]", "[3, 4]");
        contains(message(IllegalArgumentException.class,
                () -> new LayerNorm(new int[] {2, 3}, 1e-5, true, true).forward(Ravel.zeros(4, 3, 2))),
                "normalized_shape=[2, 3]", "[4, 3, 2]");
        contains(message(IllegalArgumentException.class, () -> new GroupNorm(2, 4).forward(Ravel.zeros(2, 6, 3))),
                "GroupNorm(2, 4)", "4 channels", "[2, 6, 3]");
        contains(message(IllegalArgumentException.class, () -> new GroupNorm(4, 6)), "num_channels (6)",
                "num_groups (4)");
    }

    @Test
    void embeddingIndexOutOfRange() {
        Embedding emb = new Embedding(5, 3);
        contains(message(IndexOutOfBoundsException.class, () -> emb.forward(Ravel.tensor(new long[] {0, 5}))),
                "embedding", "index 5", "5 rows");
        contains(message(IndexOutOfBoundsException.class, () -> emb.forward(Ravel.tensor(new long[] {-1}))),
                "embedding", "index -1");
        contains(message(IllegalArgumentException.class, () -> emb.forward(Ravel.tensor(1f, 2f))),
                "embedding", "torch.int64", "torch.float32");
        contains(message(IllegalArgumentException.class, () -> new Embedding(5, 3, 5)), "padding_idx", "5");
    }

    @Test
    void crossEntropyAndNllTargetOutOfBounds() {
        Tensor logits = Ravel.zeros(2, 3);
        contains(message(IndexOutOfBoundsException.class,
                () -> new CrossEntropyLoss().forward(logits, Ravel.tensor(new long[] {0, 3}))),
                "cross_entropy", "Target 3 is out of bounds");
        contains(message(IndexOutOfBoundsException.class,
                () -> new CrossEntropyLoss().forward(logits, Ravel.tensor(new long[] {-2, 0}))), "Target -2");
        contains(message(IndexOutOfBoundsException.class,
                () -> new NLLLoss().forward(logits, Ravel.tensor(new long[] {7, 0}))), "nll_loss", "Target 7");
        contains(message(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(logits, Ravel.tensor(new long[] {0, 1, 2}))),
                "cross_entropy", "[2]", "[3]");
        contains(message(IllegalArgumentException.class,
                () -> new CrossEntropyLoss(Ravel.ones(4), -100, Reduction.MEAN, 0).forward(logits,
                        Ravel.tensor(new long[] {0, 1}))), "weight", "3 classes", "[4]");
        contains(message(IllegalArgumentException.class,
                () -> Functional.crossEntropy(logits, Ravel.tensor(new long[] {0, 1}), null, -100, Reduction.MEAN, 1.5)),
                "label_smoothing", "1.5");
    }

    @Test
    void invalidReductionNames() {
        contains(message(IllegalArgumentException.class, () -> Reduction.of("avg")), "avg", "reduction");
        contains(message(IllegalArgumentException.class,
                () -> new MSELoss(Reduction.BATCHMEAN).forward(Ravel.zeros(2), Ravel.zeros(2))), "batchmean", "kl_div");
        contains(message(IllegalArgumentException.class,
                () -> new CrossEntropyLoss(null, -100, Reduction.BATCHMEAN, 0).forward(Ravel.zeros(2, 3),
                        Ravel.tensor(new long[] {0, 1}))), "batchmean");
    }

    @Test
    void elementwiseLossesRejectMismatchedShapes() {
        contains(message(IllegalArgumentException.class, () -> new MSELoss().forward(Ravel.zeros(3, 1), Ravel.zeros(3))),
                "mse_loss", "[3]", "[3, 1]");
        contains(message(IllegalArgumentException.class,
                () -> new BCELoss().forward(Ravel.full(new int[] {2}, 1.5), Ravel.zeros(2))),
                "binary_cross_entropy", "between 0 and 1");
        contains(message(IllegalArgumentException.class,
                () -> new HuberLoss(Reduction.MEAN, 0).forward(Ravel.zeros(2), Ravel.zeros(2))), "delta");
    }

    @Test
    void dropoutProbabilityOutOfRange() {
        contains(message(IllegalArgumentException.class, () -> new Dropout(1.5)), "between 0 and 1", "1.5");
        contains(message(IllegalArgumentException.class, () -> new Dropout(-0.1)), "-0.1");
    }
}
