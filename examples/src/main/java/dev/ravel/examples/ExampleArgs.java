package dev.ravel.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The command line every example shares: {@code [DATA_DIR] [--epochs N] [--batch-size N] [--lr X]
 * [--seed S] [--workers N] [--max-batches N] [--out DIR] [--no-download] [--resume FILE] [--no-verify]}.
 * {@code --max-batches} cuts each epoch short (tests and quick looks); {@code --no-verify} reads
 * MNIST-format files that are not the original dataset (checksums skipped, format still checked).
 */
record ExampleArgs(Path data, int epochs, int batchSize, double lr, long seed, int workers, int maxBatches, Path out,
                   boolean download, Path resume, boolean verify) {

    /** Evaluation batch size: the given one, or the training one in quick (--max-batches) runs. */
    int evalBatchSize(int normal) {
        return maxBatches > 0 ? batchSize : normal;
    }

    /** MNIST from the data folder, checksum-verified unless --no-verify. */
    dev.ravel.data.vision.MNIST mnist(boolean train, dev.ravel.data.vision.Transform transform) {
        return verify ? new dev.ravel.data.vision.MNIST(data, train, download, transform)
                : dev.ravel.data.vision.MNIST.unverified(data, train, transform);
    }

    static ExampleArgs parse(String example, String[] args, String defaultData, int epochs, int batchSize, double lr) {
        Map<String, String> opts = new HashMap<>();
        String data = defaultData;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-download") || a.equals("--no-verify")) {
                opts.put(a, "true");
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(example + ": option " + a + " needs a value");
                }
                opts.put(a, args[++i]);
            } else {
                data = a;
            }
        }
        for (String k : opts.keySet()) {
            if (!java.util.List.of("--epochs", "--batch-size", "--lr", "--seed", "--workers", "--max-batches", "--out",
                    "--no-download", "--resume", "--no-verify").contains(k)) {
                throw new IllegalArgumentException(example + ": unknown option " + k + "\nusage: " + example
                        + " [DATA_DIR] [--epochs N] [--batch-size N] [--lr X] [--seed S] [--workers N]"
                        + " [--max-batches N] [--out DIR] [--no-download] [--resume FILE] [--no-verify]");
            }
        }
        return new ExampleArgs(Path.of(data),
                Integer.parseInt(opts.getOrDefault("--epochs", Integer.toString(epochs))),
                Integer.parseInt(opts.getOrDefault("--batch-size", Integer.toString(batchSize))),
                Double.parseDouble(opts.getOrDefault("--lr", Double.toString(lr))),
                Long.parseLong(opts.getOrDefault("--seed", "42")),
                Integer.parseInt(opts.getOrDefault("--workers", "2")),
                Integer.parseInt(opts.getOrDefault("--max-batches", "0")),
                Path.of(opts.getOrDefault("--out", "runs")),
                !opts.containsKey("--no-download"),
                opts.containsKey("--resume") ? Path.of(opts.get("--resume")) : null,
                !opts.containsKey("--no-verify"));
    }
}
