package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.data.DataLoader;
import dev.ravel.data.Datasets;
import dev.ravel.data.Sample;
import dev.ravel.data.Subset;
import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.MNIST;
import dev.ravel.data.vision.Normalize;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.optim.Adam;
import dev.ravel.optim.Checkpoint;
import dev.ravel.optim.lr.ReduceLROnPlateau;
import dev.ravel.tensor.Generator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training with a validation split and a plateau scheduler: MNIST train is split 55,000 / 5,000
 * (seeded), the lr halves when the validation loss stops improving for an epoch, the best model
 * (by validation loss) is checkpointed with its optimizer and epoch, and {@code --resume FILE}
 * continues from a checkpoint (the last one is {@code OUT/last.safetensors}).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.ReduceLrOnPlateau \
 *     -Dexample.args="../shared/datasets/mnist --epochs 8"
 * </pre>
 */
public final class ReduceLrOnPlateau {
    private ReduceLrOnPlateau() {
    }

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = ExampleArgs.parse("ReduceLrOnPlateau", argv, "../shared/datasets/mnist", 8, 64, 1e-3);
        Ravel.manualSeed(args.seed());
        MNIST full = args.mnist(true, new Compose(new ToTensor(), new Normalize(0.1307, 0.3081)));
        int val = Math.min(5000, full.size() / 10);
        List<Subset<Sample>> split = Datasets.randomSplit(full, new int[] {full.size() - val, val},
                new Generator(args.seed()));
        DigitClassifier model = new DigitClassifier();
        Adam optimizer = new Adam(model.parameters(), args.lr());
        ReduceLROnPlateau scheduler = new ReduceLROnPlateau(optimizer, "min", 0.5, 1, 1e-4, "rel", 0, 1e-6, 1e-8);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Path best = args.out().resolve("best.safetensors");
        Path last = args.out().resolve("last.safetensors");
        int start = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        if (args.resume() != null) {
            Map<String, String> meta = Checkpoint.load(args.resume(), model, optimizer);
            start = Integer.parseInt(meta.get("epoch")) + 1;
            bestLoss = Double.parseDouble(meta.get("best_val_loss"));
            scheduler.loadStateDict(Map.of("best", Double.parseDouble(meta.get("scheduler.best")),
                    "num_bad_epochs", Integer.parseInt(meta.get("scheduler.num_bad_epochs")),
                    "cooldown_counter", Integer.parseInt(meta.get("scheduler.cooldown_counter")),
                    "last_epoch", Integer.parseInt(meta.get("scheduler.last_epoch"))));
            System.out.printf(Locale.ROOT, "resumed from %s after epoch %d (lr %.2e)%n", args.resume(), start - 1,
                    optimizer.paramGroups().getFirst().lr());
        }
        TrainingCurves curves = new TrainingCurves("ReduceLrOnPlateau", "validation");
        try (DataLoader<Sample, Sample> trainLoader = DataLoader.ofSamples(split.get(0)).batchSize(args.batchSize())
                .shuffle(true).numWorkers(args.workers()).build();
             DataLoader<Sample, Sample> valLoader = DataLoader.ofSamples(split.get(1)).batchSize(args.evalBatchSize(1000))
                     .numWorkers(args.workers()).build()) {
            for (int epoch = start; epoch <= args.epochs(); epoch++) {
                Training.Result tr = Training.trainEpoch("epoch " + epoch + "/" + args.epochs(), model, trainLoader,
                        lossFn, optimizer, args.maxBatches());
                Training.Result va = Training.evaluate(model, valLoader, lossFn, args.maxBatches());
                scheduler.step(va.loss());
                double lr = optimizer.paramGroups().getFirst().lr();
                boolean improved = va.loss() < bestLoss;
                bestLoss = Math.min(bestLoss, va.loss());
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("epoch", Integer.toString(epoch));
                meta.put("val_loss", Double.toString(va.loss()));
                meta.put("best_val_loss", Double.toString(bestLoss));
                scheduler.stateDict().forEach((k, v) -> meta.put("scheduler." + k, v.toString()));
                Checkpoint.save(last, model, optimizer, meta);
                if (improved) {
                    Checkpoint.save(best, model, optimizer, meta);
                }
                System.out.printf(Locale.ROOT, "epoch %d/%d train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | lr %.2e%s%n",
                        epoch, args.epochs(), tr.loss(), tr.accuracy(), va.loss(), va.accuracy(), lr,
                        improved ? " | saved best" : "");
                curves.add(epoch, tr.loss(), tr.accuracy(), va.loss(), va.accuracy());
            }
        }
        Path png = args.out().resolve("reducelronplateau_curves.png");
        curves.save(png);
        System.out.printf(Locale.ROOT, "ReduceLrOnPlateau: best validation loss %.4f, checkpoint %s, curves in %s%n",
                bestLoss, best, png);
    }
}
