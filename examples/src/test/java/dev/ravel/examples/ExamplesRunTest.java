package dev.ravel.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs end to end for a few batches on small generated data and writes its curves. */
class ExamplesRunTest {
    @TempDir
    Path tmp;

    private String run(Example main, String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        old.print(out);
        return out;
    }

    @FunctionalInterface
    interface Example {
        void run(String[] args) throws Exception;
    }

    private String[] args(Path data, String... extra) {
        String[] base = {data.toString(), "--epochs", "1", "--max-batches", "3", "--workers", "1", "--no-download", "--no-verify",
                "--out", tmp.resolve("out").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void mnistMlpTrainsAndWritesCurves() throws Exception {
        String out = run(MnistMlp::main, args(SyntheticData.mnist(tmp.resolve("mnist"), 256)));
        assertTrue(out.contains("epoch 1/1 train loss"), out);
        assertTrue(Files.size(tmp.resolve("out/mnistmlp_curves.png")) > 1000);
    }

    @Test
    void mnistCnnTrains() throws Exception {
        String out = run(MnistCnn::main, args(SyntheticData.mnist(tmp.resolve("mnist"), 256)));
        assertTrue(out.contains("test acc"), out);
        assertTrue(Files.exists(tmp.resolve("out/mnistcnn_curves.png")));
    }

    @Test
    void sameSeedPrintsTheSameNumbers() throws Exception {
        Path data = SyntheticData.mnist(tmp.resolve("mnist"), 256);
        String a = run(MnistMlp::main, args(data, "--seed", "7"));
        String b = run(MnistMlp::main, args(data, "--seed", "7"));
        assertTrue(lossLine(a).equals(lossLine(b)), lossLine(a) + " vs " + lossLine(b));
    }

    private static String lossLine(String out) {
        return out.lines().filter(l -> l.contains("train loss")).findFirst().orElse("");
    }

    @Test
    void cifar10CnnRunsAFewBatchesOnGeneratedData() throws Exception {
        String out = run(Cifar10Cnn::main, args(SyntheticData.cifar10(tmp.resolve("cifar"))));
        assertTrue(out.contains("epoch 1/1 train loss"), out);
    }

    @Test
    void lrFinderSuggestsALearningRate() throws Exception {
        String out = run(LrFinder::main, args(SyntheticData.mnist(tmp.resolve("mnist"), 512), "--max-batches", "12"));
        assertTrue(out.contains("suggested lr"), out);
        assertTrue(Files.exists(tmp.resolve("out/lrfinder_curve.png")));
    }

    @Test
    void reduceLrOnPlateauSavesAndResumesACheckpoint() throws Exception {
        Path data = SyntheticData.mnist(tmp.resolve("mnist"), 512);
        String first = run(ReduceLrOnPlateau::main, args(data, "--epochs", "1"));
        assertTrue(first.contains("saved best"), first);
        Path last = tmp.resolve("out/last.safetensors");
        assertTrue(Files.exists(last) && Files.exists(tmp.resolve("out/best.safetensors")));
        String resumed = run(ReduceLrOnPlateau::main, args(data, "--epochs", "2", "--resume", last.toString()));
        assertTrue(resumed.contains("resumed from") && resumed.contains("epoch 2/2"), resumed);
    }

    @Test
    void sequenceClassifierTrainsOnRows() throws Exception {
        String out = run(SequenceClassifier::main, args(SyntheticData.mnist(tmp.resolve("mnist"), 256)));
        assertTrue(out.contains("test acc"), out);
    }

    @Test
    void charTransformerTrainsAndSamples() throws Exception {
        Path text = tmp.resolve("corpus.txt");
        Files.writeString(text, "public static void main(String[] args) { return; }\n".repeat(200));
        String out = run(CharTransformer::main, new String[] {text.toString(), "--max-batches", "4", "--batch-size", "4",
                "--out", tmp.resolve("out").toString()});
        assertTrue(out.contains("sample (temperature 0.8)"), out);
        assertTrue(Files.exists(tmp.resolve("out/chartransformer_curves.png")));
    }
}
