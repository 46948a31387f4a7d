package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.data.Dataset;
import dev.ravel.data.Sample;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10, like {@code torchvision.datasets.CIFAR10}: 50,000 training and 10,000 test colour
 * images of 32x32 pixels in ten classes, read from the binary version of the dataset
 * ({@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code test_batch.bin} in
 * {@code root/cifar-10-batches-bin/}; each record is a label byte then 1024 red, 1024 green and
 * 1024 blue bytes, row-major). Sample i is {@code (transform(image [3, 32, 32]), label)}: the
 * image FLOAT32 with the raw 0..255 values (apply {@link ToTensor} for [0, 1]), the label a 0-d
 * INT64 tensor.
 *
 * <p>With {@code download = true}, missing batches are fetched as {@code cifar-10-binary.tar.gz}
 * from the dataset's home page into root, checked against its published MD5 and extracted there
 * (an archive already in root with the right MD5 is reused). Each batch file must hold exactly
 * 10,000 records; anything else (a truncated file, a label outside 0..9, a missing file) is an
 * {@link UncheckedIOException} naming the file.
 *
 * <pre>{@code
 * Transform augment = new Compose(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5), new ToTensor(),
 *         new Normalize(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616}));
 * var train = new CIFAR10(Path.of("data"), true, true, augment);
 * System.out.println(train.classes().get((int) train.get(0).target().itemLong()));   // "frog"
 * }</pre>
 */
public final class CIFAR10 implements Dataset<Sample> {
    static final String ARCHIVE = "cifar-10-binary.tar.gz";
    static final String FOLDER = "cifar-10-batches-bin";
    static final Remote REMOTE = new Remote(List.of("https://www.cs.toronto.edu/~kriz/"),
            List.of(new Remote.Resource(ARCHIVE, "c32a1d4ab5d03f1284b67883e8d87530", null)));
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final List<String> TEST_FILES = List.of("test_batch.bin");
    static final int RECORDS_PER_FILE = 10_000;
    static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");
    static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;
    private static final int RECORD = 1 + PIXELS;

    private final Path root;
    private final boolean train;
    private final Transform transform;
    /** Every image's raw uint8 pixels (CHW), image after image. */
    private final byte[] pixels;
    private final byte[] labels;

    /**
     * @param root      the folder holding cifar-10-batches-bin/
     * @param train     the 50,000 training images, else the 10,000 test images
     * @param download  fetch and extract the archive when batches are missing
     * @param transform applied to each image by {@link #get}; null for none
     */
    public CIFAR10(Path root, boolean train, boolean download, Transform transform) {
        this(REMOTE, RECORDS_PER_FILE, root, train, download, transform);
    }

    /** The files must be there; no transform. */
    public CIFAR10(Path root, boolean train) {
        this(root, train, false, null);
    }

    /** recordsPerFile: what each batch file must hold (tests use small ones). */
    CIFAR10(Remote remote, int recordsPerFile, Path root, boolean train, boolean download, Transform transform) {
        this.root = root;
        this.train = train;
        this.transform = transform;
        List<String> files = train ? TRAIN_FILES : TEST_FILES;
        Path dir = root.resolve(FOLDER);
        try {
            if (!missing(dir, files).isEmpty()) {
                if (!download) {
                    throw new IOException(String.join(", ", missing(dir, files)) + " not found in " + dir
                            + "; pass download=true to fetch " + remote.mirrors().getFirst() + ARCHIVE + " and extract it");
                }
                downloadAndExtract(remote);
                List<String> still = missing(dir, files);
                if (!still.isEmpty()) {
                    throw new IOException(root.resolve(ARCHIVE) + ": the archive has no " + FOLDER + "/" + still.getFirst());
                }
            }
            int n = files.size() * recordsPerFile;
            this.pixels = new byte[n * PIXELS];
            this.labels = new byte[n];
            for (int f = 0; f < files.size(); f++) {
                read(dir.resolve(files.get(f)), recordsPerFile, f * recordsPerFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CIFAR10: " + e.getMessage(), e);
        }
    }

    private static List<String> missing(Path dir, List<String> files) {
        return files.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    }

    private void downloadAndExtract(Remote remote) throws IOException {
        Remote.Resource r = remote.resource(ARCHIVE);
        Path archive = root.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive) || !FileChecks.md5(archive).equalsIgnoreCase(r.md5())) {
            Downloader.fetch("CIFAR10", remote.mirrors(), r.file(), r.md5(), archive);
        }
        Tar.extractTarGz(archive, root);
    }

    /** One batch file into the records from {@code first} on, checking its size and labels. */
    private void read(Path file, int records, int first) throws IOException {
        long size = Files.size(file);
        if (size != (long) records * RECORD) {
            throw FileChecks.corrupt(file, "has " + size + " bytes, expected " + records + " records of " + RECORD + " bytes ("
                    + (long) records * RECORD + "): truncated or not a CIFAR-10 binary batch");
        }
        byte[] record = new byte[RECORD];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int i = 0; i < records; i++) {
                if (in.readNBytes(record, 0, RECORD) != RECORD) {
                    throw FileChecks.corrupt(file, "truncated at record " + i);
                }
                if ((record[0] & 0xff) >= CLASSES.size()) {
                    throw FileChecks.corrupt(file, "label " + (record[0] & 0xff) + " in record " + i + " is not a class 0..9");
                }
                labels[first + i] = record[0];
                System.arraycopy(record, 1, pixels, (first + i) * PIXELS, PIXELS);
            }
        }
    }

    /** Sample i: the transformed image (raw [3, 32, 32] when there is no transform) and its 0-d int64 label. */
    @Override
    public Sample get(int index) {
        Dataset.checkIndex(this, index);
        Tensor x = ByteImages.pixels(pixels, index * PIXELS, PIXELS, 3, SIDE, SIDE);
        if (transform != null) {
            x = transform.apply(x);
        }
        return new Sample(x, ByteImages.label(labels, index));
    }

    @Override
    public int size() {
        return labels.length;
    }

    /**
     * All images, FLOAT32 [N, 3, 32, 32] with the raw 0..255 values: a new tensor on each call (no
     * transform). Channels first, as get gives them (torchvision's numpy .data is [N, 32, 32, 3]).
     */
    public Tensor data() {
        return ByteImages.pixels(pixels, 0, pixels.length, size(), 3, SIDE, SIDE);
    }

    /** All labels, INT64 [N]: a new tensor on each call. */
    public Tensor targets() {
        return ByteImages.labels(labels);
    }

    /** Class names, indexed by label: airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck. */
    public List<String> classes() {
        return CLASSES;
    }

    public boolean train() {
        return train;
    }

    /** The transform get applies, or null. */
    public Transform transform() {
        return transform;
    }

    @Override
    public String toString() {
        return "Dataset CIFAR10\n    Number of datapoints: " + size() + "\n    Root location: " + root
                + "\n    Split: " + (train ? "Train" : "Test") + (transform != null ? "\n    Transform: " + transform : "");
    }
}
