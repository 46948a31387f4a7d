package dev.ravel.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Per-epoch losses and accuracies, saved as a PNG with a loss chart and an accuracy chart (XChart). */
final class TrainingCurves {
    private final String title;
    private final List<Double> epochs = new ArrayList<>();
    private final List<Double> trainLoss = new ArrayList<>();
    private final List<Double> evalLoss = new ArrayList<>();
    private final List<Double> trainAcc = new ArrayList<>();
    private final List<Double> evalAcc = new ArrayList<>();
    private final String evalName;
    private final String xTitle;

    TrainingCurves(String title, String evalName) {
        this(title, evalName, "epoch");
    }

    TrainingCurves(String title, String evalName, String xTitle) {
        this.title = title;
        this.evalName = evalName;
        this.xTitle = xTitle;
    }

    void add(int epoch, double trLoss, double trAcc, double evLoss, double evAcc) {
        epochs.add((double) epoch);
        trainLoss.add(trLoss);
        trainAcc.add(trAcc);
        evalLoss.add(evLoss);
        evalAcc.add(evAcc);
    }

    void save(Path png) throws IOException {
        if (epochs.isEmpty()) {
            return;
        }
        XYChart loss = new XYChartBuilder().width(640).height(420).title(title + ": loss").xAxisTitle(xTitle)
                .yAxisTitle("cross-entropy").build();
        loss.getStyler().setYAxisDecimalPattern("0.000");
        loss.getStyler().setXAxisDecimalPattern("0");
        loss.addSeries("train", epochs, trainLoss);
        loss.addSeries(evalName, epochs, evalLoss);
        XYChart acc = new XYChartBuilder().width(640).height(420).title(title + ": accuracy").xAxisTitle(xTitle)
                .yAxisTitle("accuracy (%)").build();
        acc.getStyler().setYAxisDecimalPattern("0.0");
        acc.getStyler().setXAxisDecimalPattern("0");
        acc.addSeries("train", epochs, trainAcc);
        acc.addSeries(evalName, epochs, evalAcc);
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        List<Chart> charts = List.of(loss, acc);
        BitmapEncoder.saveBitmap(charts, 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
