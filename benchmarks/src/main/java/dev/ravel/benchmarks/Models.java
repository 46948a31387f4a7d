package dev.ravel.benchmarks;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.Conv2d;
import dev.ravel.nn.Dropout;
import dev.ravel.nn.Embedding;
import dev.ravel.nn.Flatten;
import dev.ravel.nn.LSTM;
import dev.ravel.nn.Linear;
import dev.ravel.nn.MaxPool2d;
import dev.ravel.nn.Module;
import dev.ravel.nn.Parameter;
import dev.ravel.nn.ReLU;
import dev.ravel.nn.Sequential;
import dev.ravel.nn.TransformerEncoderLayer;
import dev.ravel.tensor.NDArray;
import java.util.List;

/**
 * The models of W5-W10, layer for layer the ones in {@code ../shared/bench/torch_reference.py}
 * (same layers, same order, same shapes, same submodule names where PyTorch's state-dict keys
 * would show them).
 */
final class Models {
    private Models() {
    }

    /** Seed MLP ({@code DigitClassifier}): Flatten, 784-256 ReLU Dropout(0.2) 256-128 ReLU Dropout(0.2) 128-10. */
    static final class DigitClassifier extends Module {
        final Flatten flatten = registerModule("flatten", new Flatten());
        final Sequential layers = registerModule("layers", new Sequential(
                new Linear(784, 256), new ReLU(), new Dropout(0.2),
                new Linear(256, 128), new ReLU(), new Dropout(0.2), new Linear(128, 10)));

        @Override
        public Tensor forward(Tensor x) {
            return layers.forward(flatten.forward(x));
        }
    }

    /**
     * Seed CNN ({@code ConvDigitClassifier}): Conv2d(1,32,3,p1) ReLU MaxPool2d(2) Conv2d(32,64,3,p1) ReLU
     * MaxPool2d(2), then Flatten Linear(3136,128) ReLU Dropout(0.5) Linear(128,10).
     */
    static final class ConvDigitClassifier extends Module {
        final Sequential convLayers = registerModule("conv_layers", new Sequential(
                new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2)));
        final Sequential fcLayers = registerModule("fc_layers", new Sequential(
                new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.5), new Linear(128, 10)));

        @Override
        public Tensor forward(Tensor x) {
            return fcLayers.forward(convLayers.forward(x));
        }
    }

    /** Seed CIFAR-10 CNN: conv 32, conv 64 (3x3 p1, ReLU, MaxPool2d(2) each), Linear(4096,256) ReLU Linear(256,10). */
    static Sequential cifarCnn() {
        return new Sequential(
                new Conv2d(3, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 8 * 8, 256), new ReLU(), new Linear(256, 10));
    }

    /**
     * Seed LSTM ({@code SequenceClassifier}): Embedding, one bidirectional batch-first LSTM layer, and a
     * Linear over {@code cat(h_n[-2], h_n[-1])} (the last layer's forward and backward final states).
     */
    static final class SequenceClassifier extends Module {
        final Embedding embedding;
        final LSTM lstm;
        final Linear classifier;

        SequenceClassifier(int vocabSize, int embedDim, int hiddenDim, int numClasses) {
            embedding = registerModule("embedding", new Embedding(vocabSize, embedDim));
            lstm = registerModule("lstm", new LSTM(embedDim, hiddenDim, 1, true, true, 0.0, true));
            classifier = registerModule("classifier", new Linear(hiddenDim * 2, numClasses));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor hidden = lstm.forward(embedding.forward(x), null, null).hN();
            return classifier.forward(Tensor.cat(List.of(hidden.select(0, -2), hidden.select(0, -1)), 1));
        }
    }

    /**
     * {@code TinyTransformer}: token embedding plus a learned position table (zeros), one pre-norm
     * batch-first TransformerEncoderLayer (GELU, dropout 0.1) under the float causal mask
     * {@code triu(full(-inf), 1)} passed as {@code src_mask} (not isCausal, as in the reference), and a
     * Linear head; logits reshaped to {@code [-1, vocab]}.
     */
    static final class TinyTransformer extends Module {
        final Embedding emb;
        final Parameter pos;
        final TransformerEncoderLayer layer;
        final Linear head;
        final Tensor mask;

        TinyTransformer(int vocab, int d, int heads, int ff, int seq) {
            emb = registerModule("emb", new Embedding(vocab, d));
            pos = registerParameter("pos", new Parameter(NDArray.zeros(seq, d)));
            layer = registerModule("layer", new TransformerEncoderLayer(d, heads, ff, 0.1, "gelu", 1e-5, true, true));
            head = registerModule("head", new Linear(d, vocab));
            mask = Ravel.full(new int[] {seq, seq}, Double.NEGATIVE_INFINITY).triu(1);
        }

        TinyTransformer() {
            this(256, 256, 4, 1024, 128);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = layer.forward(emb.forward(x).add(pos), mask, null, false);
            return head.forward(h).reshape(-1, head.outFeatures);
        }
    }
}
