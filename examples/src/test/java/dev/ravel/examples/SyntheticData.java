package dev.ravel.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small datasets in the standard on-disk formats, so examples run in tests without the real data. */
final class SyntheticData {
    private SyntheticData() {
    }

    /** MNIST-format IDX files (.gz) with n train and n/2 test images whose label is drawn into the image. */
    static Path mnist(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(1);
        for (String split : new String[] {"train", "t10k"}) {
            int count = split.equals("train") ? n : n / 2;
            byte[] labels = new byte[count];
            byte[] images = new byte[count * 28 * 28];
            for (int i = 0; i < count; i++) {
                int label = r.nextInt(10);
                labels[i] = (byte) label;
                for (int p = 0; p < 28 * 28; p++) {
                    int row = p / 28;
                    images[i * 784 + p] = (byte) (row == label * 2 + 3 ? 255 : r.nextInt(30));
                }
            }
            write(dir.resolve(split + "-images-idx3-ubyte.gz"), idx(0x0803, new int[] {count, 28, 28}, images));
            write(dir.resolve(split + "-labels-idx1-ubyte.gz"), idx(0x0801, new int[] {count}, labels));
        }
        return dir;
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    private static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** CIFAR-10 binary batches (10,000 records each, as the format requires) with random pixels. */
    static Path cifar10(Path root) throws IOException {
        Path dir = root.resolve("cifar-10-batches-bin");
        Files.createDirectories(dir);
        Random r = new Random(2);
        byte[] record = new byte[1 + 3072];
        for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"}) {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(name)))) {
                for (int i = 0; i < 10_000; i++) {
                    r.nextBytes(record);
                    record[0] = (byte) r.nextInt(10);
                    out.write(record);
                }
            }
        }
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", "airplane", "automobile", "bird", "cat",
                "deer", "dog", "frog", "horse", "ship", "truck") + "\n");
        return root;
    }
}
