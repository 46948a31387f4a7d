package dev.ravel.examples;

import dev.ravel.Ravel;
import dev.ravel.data.DataLoader;
import dev.ravel.data.Sample;
import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.MNIST;
import dev.ravel.data.vision.Normalize;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.data.vision.Transform;
import dev.ravel.nn.CrossEntropyLoss;
import dev.ravel.nn.Module;
import dev.ravel.optim.Adam;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The seed MNIST recipe shared by MnistMlp and MnistCnn: ToTensor + Normalize(0.1307, 0.3081),
 * batch 64 shuffled, Adam 1e-3, cross-entropy, 5 epochs, test accuracy after each epoch, and a
 * PNG of the curves.
 */
final class MnistRecipe {
    private MnistRecipe() {
    }

    static Training.Result run(String name, String[] argv, Supplier<Module> modelFactory) throws Exception {
        ExampleArgs args = ExampleArgs.parse(name, argv, "../shared/datasets/mnist", 5, 64, 1e-3);
        Ravel.manualSeed(args.seed());
        Transform transform = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));
        MNIST train = args.mnist(true, transform);
        MNIST test = args.mnist(false, transform);
        Module model = modelFactory.get();
        System.out.println(model);
        System.out.printf(Locale.ROOT, "%s: %d training and %d test images from %s, %d workers%n", name, train.size(),
                test.size(), args.data(), args.workers());
        Adam optimizer = new Adam(model.parameters(), args.lr());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        TrainingCurves curves = new TrainingCurves(name, "test");
        Training.Result last = null;
        double trainSeconds = 0;
        try (DataLoader<Sample, Sample> trainLoader = DataLoader.ofSamples(train).batchSize(args.batchSize())
                .shuffle(true).numWorkers(args.workers()).build();
             DataLoader<Sample, Sample> testLoader = DataLoader.ofSamples(test).batchSize(args.evalBatchSize(1000))
                     .numWorkers(args.workers()).build()) {
            for (int epoch = 1; epoch <= args.epochs(); epoch++) {
                long t0 = System.nanoTime();
                Training.Result tr = Training.trainEpoch("epoch " + epoch + "/" + args.epochs(), model, trainLoader,
                        lossFn, optimizer, args.maxBatches());
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                last = Training.evaluate(model, testLoader, lossFn, args.maxBatches());
                System.out.printf(Locale.ROOT, "epoch %d/%d train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%%%n",
                        epoch, args.epochs(), tr.loss(), tr.accuracy(), last.loss(), last.accuracy());
                curves.add(epoch, tr.loss(), tr.accuracy(), last.loss(), last.accuracy());
            }
        }
        Path png = args.out().resolve(name.toLowerCase(Locale.ROOT) + "_curves.png");
        curves.save(png);
        System.out.printf(Locale.ROOT, "%s: test accuracy %.2f%% after %d epochs, %.1f s of training; curves in %s%n", name,
                last == null ? 0 : last.accuracy(), args.epochs(), trainSeconds, png);
        return last;
    }
}
