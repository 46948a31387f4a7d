package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.data.DataLoader;
import dev.ravel.data.Sample;
import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.MNIST;
import dev.ravel.data.vision.Normalize;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.nn.LSTM;
import dev.ravel.nn.Linear;
import dev.ravel.nn.Module;
import dev.ravel.nn.RecurrentOutput;
import dev.ravel.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The seed sequence classifier (input embedding, bidirectional LSTM, linear classifier on the two
 * final hidden states), trained on MNIST read row by row: each image is a 28-step sequence of
 * 28-pixel rows. Pixels are not tokens, so the embedding is a linear map of each row to 128
 * features (the role {@code nn.Embedding} plays for text).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.SequenceClassifier \
 *     -Dexample.args="../shared/datasets/mnist --epochs 3"
 * </pre>
 */
public final class SequenceClassifier {
    private SequenceClassifier() {
    }

    /** Row embedding, BiLSTM(128 -> 256 per direction), classifier on [h_fwd, h_bwd]. */
    static final class Model extends Module {
        final Linear embedding = registerModule("embedding", new Linear(28, 128));
        final LSTM lstm = registerModule("lstm", new LSTM(128, 256, 1, true, true, 0, true));
        final Linear classifier = registerModule("classifier", new Linear(2 * 256, 10));

        @Override
        public Tensor forward(Tensor images) {
            Tensor rows = images.reshape(images.size(0), 28, 28);
            RecurrentOutput r = lstm.forward(embedding.forward(rows), null, null);
            Tensor last = Tensor.cat(List.of(r.hN().select(0, -2), r.hN().select(0, -1)), 1);
            return classifier.forward(last);
        }
    }

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = ExampleArgs.parse("SequenceClassifier", argv, "../shared/datasets/mnist", 3, 64, 1e-3);
        Ravel.manualSeed(args.seed());
        var transform = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));
        MNIST train = args.mnist(true, transform);
        MNIST test = args.mnist(false, transform);
        Model model = new Model();
        System.out.println(model);
        Adam optimizer = new Adam(model.parameters(), args.lr());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        TrainingCurves curves = new TrainingCurves("SequenceClassifier", "test");
        Training.Result te = null;
        try (DataLoader<Sample, Sample> trainLoader = DataLoader.ofSamples(train).batchSize(args.batchSize())
                .shuffle(true).numWorkers(args.workers()).build();
             DataLoader<Sample, Sample> testLoader = DataLoader.ofSamples(test).batchSize(args.evalBatchSize(1000))
                     .numWorkers(args.workers()).build()) {
            for (int epoch = 1; epoch <= args.epochs(); epoch++) {
                Training.Result tr = Training.trainEpoch("epoch " + epoch + "/" + args.epochs(), model, trainLoader,
                        lossFn, optimizer, args.maxBatches());
                te = Training.evaluate(model, testLoader, lossFn, args.maxBatches());
                System.out.printf(Locale.ROOT, "epoch %d/%d train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%%%n",
                        epoch, args.epochs(), tr.loss(), tr.accuracy(), te.loss(), te.accuracy());
                curves.add(epoch, tr.loss(), tr.accuracy(), te.loss(), te.accuracy());
            }
        }
        Path png = args.out().resolve("sequenceclassifier_curves.png");
        curves.save(png);
        System.out.printf(Locale.ROOT, "SequenceClassifier: test accuracy %.2f%%; curves in %s%n",
                te == null ? 0 : te.accuracy(), png);
    }
}
