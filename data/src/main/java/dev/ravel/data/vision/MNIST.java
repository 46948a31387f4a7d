package dev.ravel.data.vision;

import dev.ravel.Tensor;
import dev.ravel.data.Dataset;
import dev.ravel.data.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST handwritten digits, like {@code torchvision.datasets.MNIST}: 60,000 training and
 * 10,000 test images of 28x28 gray pixels with their digit 0-9. Sample i is
 * {@code (transform(image [1, 28, 28]), label)}: the image FLOAT32 with the raw 0..255 values
 * (apply {@link ToTensor} for [0, 1]), the label a 0-d INT64 tensor.
 *
 * <p>The four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or .gz) are looked
 * for in {@code root/MNIST/raw/} (torchvision's layout) and then directly in {@code root}. With
 * {@code download = true}, missing ones are fetched into {@code root/MNIST/raw/} from the standard
 * mirrors and checked against torchvision's MD5s. A file whose uncompressed MD5 is known (all
 * four MNIST files) is verified by its content, so a file gzipped anew still passes. Each file
 * is decoded once, into one byte array; {@code get} copies one image out of it.
 *
 * <p>Problems are {@link UncheckedIOException}s naming the file: missing (and where it was looked
 * for), truncated, corrupt, or not the expected checksum.
 *
 * <pre>{@code
 * var train = new MNIST(Path.of("../shared/datasets/mnist"), true, false,
 *         new Compose(new ToTensor(), new Normalize(0.1307, 0.3081)));
 * try (var loader = DataLoader.ofSamples(train).batchSize(64).shuffle(true).build()) {
 *     for (Sample batch : loader) {
 *         Tensor x = batch.input();    // [64, 1, 28, 28]
 *         Tensor y = batch.target();   // [64], int64
 *     }
 * }
 * }</pre>
 */
public class MNIST implements Dataset<Sample> {
    static final Remote REMOTE = new Remote(
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            List.of(new Remote.Resource("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                            "6bbc9ace898e44ae57da46a324031adb"),
                    new Remote.Resource("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
                            "a25bea736e30d166cdddb491f175f624"),
                    new Remote.Resource("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
                            "2646ac647ad5339dbf082846283269ea"),
                    new Remote.Resource("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c",
                            "27ae3e4e09519cfbb04c329615203637")));
    static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five",
            "6 - six", "7 - seven", "8 - eight", "9 - nine");
    static final int ROWS = 28;
    static final int COLS = 28;
    private static final int PIXELS = ROWS * COLS;

    private final String name;
    private final Path root;
    private final boolean train;
    private final Transform transform;
    private final List<String> classes;
    /** Every image's raw uint8 pixels, image after image. */
    private final byte[] pixels;
    private final byte[] labels;

    /**
     * @param root      the folder holding the files (or MNIST/raw/ with them)
     * @param train     the 60,000 training images, else the 10,000 test images
     * @param download  fetch missing files from the mirrors
     * @param transform applied to each image by {@link #get}; null for none
     */
    public MNIST(Path root, boolean train, boolean download, Transform transform) {
        this("MNIST", REMOTE, CLASSES, root, train, download, transform);
    }

    /** The files must be there; no transform. */
    public MNIST(Path root, boolean train) {
        this(root, train, false, null);
    }

    /**
     * Files in MNIST's format that are not the original dataset (your own digits, generated test
     * data): the format is still checked (IDX headers, sizes, labels), the checksums are not, and
     * nothing is downloaded.
     */
    public static MNIST unverified(Path root, boolean train, Transform transform) {
        return new MNIST("MNIST", REMOTE.withoutChecksums(), CLASSES, root, train, false, transform);
    }

    /** A dataset in MNIST's format: its name (and raw folder), where it comes from, its classes. */
    MNIST(String name, Remote remote, List<String> classes, Path root, boolean train, boolean download,
          Transform transform) {
        this.name = name;
        this.root = root;
        this.train = train;
        this.transform = transform;
        this.classes = List.copyOf(classes);
        String split = train ? "train" : "t10k";
        try {
            if (download) {
                download(remote);
            }
            Remote.Resource imagesRes = remote.resource(split + "-images-idx3-ubyte.gz");
            Remote.Resource labelsRes = remote.resource(split + "-labels-idx1-ubyte.gz");
            Path imagesFile = locate(imagesRes, remote);
            Path labelsFile = locate(labelsRes, remote);
            Idx.Array images = Idx.readUbyte(imagesFile, 3, imagesRes.rawMd5());
            if (images.dims()[1] != ROWS || images.dims()[2] != COLS) {
                throw FileChecks.corrupt(imagesFile, "images of " + images.dims()[1] + "x" + images.dims()[2] + " pixels, expected "
                        + ROWS + "x" + COLS);
            }
            Idx.Array labelArray = Idx.readUbyte(labelsFile, 1, labelsRes.rawMd5());
            if (labelArray.dims()[0] != images.dims()[0]) {
                throw FileChecks.corrupt(labelsFile, labelArray.dims()[0] + " labels for the " + images.dims()[0] + " images of "
                        + imagesFile.getFileName());
            }
            byte[] l = labelArray.data();
            for (int i = 0; i < l.length; i++) {
                if ((l[i] & 0xff) >= classes.size()) {
                    throw FileChecks.corrupt(labelsFile, "label " + (l[i] & 0xff) + " at index " + i + " is not a class 0.."
                            + (classes.size() - 1));
                }
            }
            this.pixels = images.data();
            this.labels = l;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    private Path rawFolder() {
        return root.resolve(name).resolve("raw");
    }

    /** The file for a resource, plain or .gz, in the raw folder or root; a clear error when absent. */
    private Path locate(Remote.Resource r, Remote remote) throws IOException {
        Path found = find(r);
        if (found == null) {
            String base = stripGz(r.file());
            throw new IOException(base + "(.gz) not found in " + rawFolder() + " nor in " + root
                    + "; pass download=true to fetch it from " + String.join(" or ", remote.mirrors()));
        }
        return found;
    }

    private Path find(Remote.Resource r) {
        String base = stripGz(r.file());
        for (Path dir : List.of(rawFolder(), root)) {
            for (String f : List.of(base, base + ".gz")) {
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Fetches every file of both splits that is not there yet (as torchvision does). */
    private void download(Remote remote) throws IOException {
        for (Remote.Resource r : remote.resources()) {
            if (find(r) == null) {
                Downloader.fetch(name, remote.mirrors(), r.file(), r.md5(), rawFolder().resolve(r.file()));
            }
        }
    }

    private static String stripGz(String file) {
        return file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
    }

    /** Sample i: the transformed image (raw [1, 28, 28] when there is no transform) and its 0-d int64 label. */
    @Override
    public Sample get(int index) {
        Dataset.checkIndex(this, index);
        Tensor x = ByteImages.pixels(pixels, index * PIXELS, PIXELS, 1, ROWS, COLS);
        if (transform != null) {
            x = transform.apply(x);
        }
        return new Sample(x, ByteImages.label(labels, index));
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** All images, FLOAT32 [N, 28, 28] with the raw 0..255 values: a new tensor on each call (no transform). */
    public Tensor data() {
        return ByteImages.pixels(pixels, 0, pixels.length, size(), ROWS, COLS);
    }

    /** All labels, INT64 [N]: a new tensor on each call. */
    public Tensor targets() {
        return ByteImages.labels(labels);
    }

    /** Class names, indexed by label. */
    public List<String> classes() {
        return classes;
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
        return "Dataset " + name + "\n    Number of datapoints: " + size() + "\n    Root location: " + root
                + "\n    Split: " + (train ? "Train" : "Test") + (transform != null ? "\n    Transform: " + transform : "");
    }
}
