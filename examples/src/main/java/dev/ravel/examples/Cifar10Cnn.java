package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.data.DataLoader;
import dev.ravel.data.Sample;
import dev.ravel.data.vision.CIFAR10;
import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.Normalize;
import dev.ravel.data.vision.RandomHorizontalFlip;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.nn.Conv2d;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.nn.Flatten;
import dev.ravel.nn.Linear;
import dev.ravel.nn.MaxPool2d;
import dev.ravel.nn.ReLU;
import dev.ravel.nn.Sequential;
import dev.ravel.optim.AdamW;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The seed CIFAR-10 CNN (conv 32, conv 64, dense 256) with horizontal-flip augmentation and AdamW
 * (lr 1e-3, weight decay 1e-4), batch 128, 10 epochs: 70-75% test accuracy. The data directory
 * holds {@code cifar-10-batches-bin/} (downloaded there when missing).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.Cifar10Cnn -Dexample.args=data/cifar10
 * </pre>
 */
public final class Cifar10Cnn {
    private static final double[] MEAN = {0.4914, 0.4822, 0.4465};
    private static final double[] STD = {0.2470, 0.2435, 0.2616};

    private Cifar10Cnn() {
    }

    static Sequential model() {
        return new Sequential(new Conv2d(3, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 8 * 8, 256), new ReLU(), new Linear(256, 10));
    }

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = ExampleArgs.parse("Cifar10Cnn", argv, "data/cifar10", 10, 128, 1e-3);
        Ravel.manualSeed(args.seed());
        CIFAR10 train = new CIFAR10(args.data(), true, args.download(),
                new Compose(new RandomHorizontalFlip(0.5), new ToTensor(), new Normalize(MEAN, STD)));
        CIFAR10 test = new CIFAR10(args.data(), false, args.download(), new Compose(new ToTensor(), new Normalize(MEAN, STD)));
        Sequential model = model();
        System.out.println(model);
        AdamW optimizer = new AdamW(model.parameters(), args.lr(), 1e-4);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        TrainingCurves curves = new TrainingCurves("Cifar10Cnn", "test");
        try (DataLoader<Sample, Sample> trainLoader = DataLoader.ofSamples(train).batchSize(args.batchSize())
                .shuffle(true).numWorkers(args.workers()).build();
             DataLoader<Sample, Sample> testLoader = DataLoader.ofSamples(test).batchSize(args.evalBatchSize(500))
                     .numWorkers(args.workers()).build()) {
            for (int epoch = 1; epoch <= args.epochs(); epoch++) {
                Training.Result tr = Training.trainEpoch("epoch " + epoch + "/" + args.epochs(), model, trainLoader,
                        lossFn, optimizer, args.maxBatches());
                Training.Result te = Training.evaluate(model, testLoader, lossFn, args.maxBatches());
                System.out.printf(Locale.ROOT, "epoch %d/%d train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%%%n",
                        epoch, args.epochs(), tr.loss(), tr.accuracy(), te.loss(), te.accuracy());
                curves.add(epoch, tr.loss(), tr.accuracy(), te.loss(), te.accuracy());
            }
        }
        Path png = args.out().resolve("cifar10cnn_curves.png");
        curves.save(png);
        System.out.println("Cifar10Cnn: curves in " + png);
    }
}
