package dev.ravel.data;

import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.MNIST;
import dev.ravel.data.vision.Normalize;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.tensor.Generator;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Images per second through a {@link DataLoader} over the MNIST training set with
 * {@code ToTensor + Normalize}, batch 64, shuffled, with 0 and with 2 workers; also the time to
 * load the dataset. Not a unit test (timings depend on the machine): run it by hand from the
 * repository root, with the MNIST folder as argument (and optionally the number of timed epochs):
 *
 * <pre>
 * ./mvnw -q -B -pl data -am test-compile exec:exec -Dthroughput.skip=false -Dthroughput.args="../shared/datasets/mnist 3"
 * </pre>
 *
 * The data module's exec configuration runs it on the toolchain's Java 25 with the test classpath
 * and Ravel's JVM flags. Each configuration runs one warm-up epoch, then the timed ones; the best
 * and the median epoch are printed.
 */
public final class DataLoaderThroughput {
    private DataLoaderThroughput() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/datasets/mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long t0 = System.nanoTime();
        MNIST train = new MNIST(root, true, false, new Compose(new ToTensor(), new Normalize(0.1307, 0.3081)));
        System.out.printf("MNIST train: %d images loaded from %s in %.0f ms%n", train.size(), root,
                (System.nanoTime() - t0) / 1e6);
        t0 = System.nanoTime();
        MNIST test = new MNIST(root, false);
        System.out.printf("MNIST test: %d images loaded in %.0f ms%n", test.size(), (System.nanoTime() - t0) / 1e6);
        System.out.printf("%d available processors%n", Runtime.getRuntime().availableProcessors());
        for (int workers : new int[] {0, 2}) {
            try (var loader = DataLoader.ofSamples(train).batchSize(64).shuffle(true).numWorkers(workers)
                    .generator(new Generator(0)).build()) {
                epoch(loader);
                double[] rates = new double[epochs];
                for (int e = 0; e < epochs; e++) {
                    long start = System.nanoTime();
                    int n = epoch(loader);
                    rates[e] = n / ((System.nanoTime() - start) / 1e9);
                }
                Arrays.sort(rates);
                System.out.printf("numWorkers=%d: best %.0f images/s, median %.0f images/s over %d epochs%n", workers,
                        rates[epochs - 1], rates[epochs / 2], epochs);
            }
        }
    }

    /** One pass, touching every batch; returns the number of images. */
    private static int epoch(DataLoader<Sample, Sample> loader) {
        int n = 0;
        for (Sample batch : loader) {
            n += batch.input().size(0);
        }
        return n;
    }
}
