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
import dev.ravel.optim.Adam;
import dev.ravel.optim.LrRangeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * The learning-rate range test on the seed MLP and MNIST: the lr grows geometrically from 1e-7 to
 * 10 over 100 batches, the smoothed loss is recorded until it diverges, and the lr where the
 * loss falls fastest is suggested. The model is left as it was. Writes the loss-vs-lr curve as PNG.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:exec -Dexample.main=dev.ravel.examples.LrFinder -Dexample.args=../shared/datasets/mnist
 * </pre>
 */
public final class LrFinder {
    private LrFinder() {
    }

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = ExampleArgs.parse("LrFinder", argv, "../shared/datasets/mnist", 1, 64, 1e-3);
        Ravel.manualSeed(args.seed());
        MNIST train = args.mnist(true, new Compose(new ToTensor(), new Normalize(0.1307, 0.3081)));
        DigitClassifier model = new DigitClassifier();
        Adam optimizer = new Adam(model.parameters(), args.lr());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        int iterations = args.maxBatches() > 0 ? args.maxBatches() : 100;
        LrRangeTest.Result r;
        try (DataLoader<Sample, Sample> loader = DataLoader.ofSamples(train).batchSize(args.batchSize()).shuffle(true)
                .numWorkers(args.workers()).build()) {
            Iterator<Sample>[] it = new Iterator[] {loader.iterator()};
            r = LrRangeTest.run(model, optimizer, () -> {
                if (!it[0].hasNext()) {
                    it[0] = loader.iterator();
                }
                Sample b = it[0].next();
                Tensor logits = model.forward(b.input());
                return lossFn.forward(logits, b.target());
            }, 1e-7, 10, Math.max(iterations, 2));
        }
        for (int i = 0; i < r.lrs().length; i++) {
            System.out.printf(Locale.ROOT, "lr %.3e  loss %.4f%n", r.lrs()[i], r.losses()[i]);
        }
        System.out.printf(Locale.ROOT, "LrFinder: suggested lr %.2e (steepest descent of the smoothed loss, %d of %d"
                + " iterations before divergence)%n", r.suggestedLr(), r.lrs().length, iterations);
        XYChart chart = new XYChartBuilder().width(720).height(440).title("LR range test (seed MLP, MNIST)")
                .xAxisTitle("learning rate").yAxisTitle("smoothed loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAxisTitlesVisible(true);
        ((AxesChartStyler) chart.getStyler()).setXAxisDecimalPattern("0.0E0");
        chart.addSeries("loss", Arrays.stream(r.lrs()).boxed().toList(), Arrays.stream(r.losses()).boxed().toList());
        Path png = args.out().resolve("lrfinder_curve.png");
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("LrFinder: curve in " + png);
    }
}
