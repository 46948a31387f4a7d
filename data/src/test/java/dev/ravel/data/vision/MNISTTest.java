package dev.ravel.data.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.data.Sample;
import dev.ravel.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MNISTTest {
    @TempDir
    Path root;

    private static final Map<String, byte[]> RAW = Fixtures.mnistRaw(5, 3);

    /** MNIST with checksums of the generated files (the real ones would reject them). */
    private MNIST mnist(boolean train, Transform t) {
        return new MNIST("MNIST", Fixtures.remote(List.of(), RAW, Fixtures.gzipAll(RAW), true), MNIST.CLASSES, root,
                train, false, t);
    }

    private static void assertImage(Tensor x, int i) {
        assertArrayEquals(new int[] {1, 28, 28}, x.shape());
        assertEquals(DType.FLOAT32, x.dtype());
        float[] v = x.toFloatArray();
        for (int k = 0; k < 784; k++) {
            assertEquals(Fixtures.pixel(i, k), v[k], "pixel " + k + " of image " + i);
        }
    }

    @Test
    void itemsHaveRawPixelValuesAndInt64Labels() throws IOException {
        Fixtures.write(root, RAW, true);
        MNIST train = mnist(true, null);
        assertEquals(5, train.size());
        for (int i = 0; i < 5; i++) {
            Sample s = train.get(i);
            assertImage(s.input(), i);
            assertEquals(0, s.target().dim());
            assertEquals(DType.INT64, s.target().dtype());
            assertEquals(Fixtures.label(i), s.target().itemLong());
        }
        MNIST test = mnist(false, null);
        assertEquals(3, test.size());
        assertImage(test.get(2).input(), 2);
    }

    @Test
    void readsPlainFilesToo() throws IOException {
        Fixtures.write(root, RAW, false);
        assertImage(mnist(true, null).get(4).input(), 4);
    }

    @Test
    void readsTorchvisionLayout() throws IOException {
        Fixtures.write(root.resolve("MNIST").resolve("raw"), RAW, true);
        assertImage(mnist(false, null).get(1).input(), 1);
    }

    @Test
    void dataAndTargetsHoldEverything() throws IOException {
        Fixtures.write(root, RAW, true);
        MNIST train = mnist(true, null);
        Tensor data = train.data();
        assertArrayEquals(new int[] {5, 28, 28}, data.shape());
        assertEquals(DType.FLOAT32, data.dtype());
        assertTrue(data.select(0, 3).unsqueeze(0).equal(train.get(3).input()));
        Tensor targets = train.targets();
        assertArrayEquals(new int[] {5}, targets.shape());
        assertEquals(DType.INT64, targets.dtype());
        assertArrayEquals(new long[] {3, 0, 7, 4, 1}, targets.toLongArray());
    }

    @Test
    void transformIsAppliedToEachImage() throws IOException {
        Fixtures.write(root, RAW, true);
        MNIST t = mnist(true, new Compose(new ToTensor(), x -> x.mul(2)));
        Tensor x = t.get(2).input();
        float[] v = x.toFloatArray();
        for (int k = 0; k < 784; k++) {
            assertEquals(Fixtures.pixel(2, k) / 255f * 2, v[k], 1e-6);
        }
        assertEquals(Fixtures.label(2), t.get(2).target().itemLong());
    }

    @Test
    void getDoesNotShareStorageWithTheDataset() throws IOException {
        Fixtures.write(root, RAW, true);
        MNIST train = mnist(true, null);
        train.get(0).input().data().fill_(-1);
        assertImage(train.get(0).input(), 0);
    }

    @Test
    void indexOutOfRangeIsAnError() throws IOException {
        Fixtures.write(root, RAW, true);
        MNIST train = mnist(true, null);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> train.get(5));
        assertTrue(e.getMessage().contains("index 5"), e.getMessage());
    }

    @Test
    void missingFileSaysWhereItLookedAndHowToDownload() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> mnist(true, null));
        String m = e.getMessage();
        assertTrue(m.startsWith("MNIST: train-images-idx3-ubyte(.gz) not found in "), m);
        assertTrue(m.contains(root.resolve("MNIST").resolve("raw").toString()), m);
        assertTrue(m.contains("download=true"), m);
    }

    @Test
    void realChecksumsRejectAnotherDataset() throws IOException {
        Fixtures.write(root, RAW, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new MNIST(root, true));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void truncatedImagesFileIsAnErrorNamingIt() throws IOException {
        Fixtures.write(root, RAW, false);
        Path images = root.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(b, b.length - 100));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new MNIST("MNIST", new Remote(List.of(), Fixtures.remote(List.of(), RAW, Fixtures.gzipAll(RAW), false)
                        .resources()), MNIST.CLASSES, root, true, false, null));
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private MNIST unchecked(boolean train) {
        return new MNIST("MNIST", Fixtures.remote(List.of(), RAW, Fixtures.gzipAll(RAW), false), MNIST.CLASSES, root,
                train, false, null);
    }

    @Test
    void imagesOfTheWrongSizeAreAnError() throws IOException {
        Map<String, byte[]> raw = new java.util.LinkedHashMap<>(RAW);
        raw.put("train-images-idx3-ubyte", Fixtures.idx(0x08, new int[] {5, 28, 27}, new byte[5 * 28 * 27]));
        Fixtures.write(root, raw, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> unchecked(true));
        assertTrue(e.getMessage().contains("images of 28x27 pixels, expected 28x28"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void labelCountMismatchIsAnError() throws IOException {
        Map<String, byte[]> raw = new java.util.LinkedHashMap<>(RAW);
        raw.put("train-labels-idx1-ubyte", Fixtures.mnistLabels(4));
        Fixtures.write(root, raw, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> unchecked(true));
        assertTrue(e.getMessage().contains("4 labels for the 5 images"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsAnError() throws IOException {
        Map<String, byte[]> raw = new java.util.LinkedHashMap<>(RAW);
        raw.put("t10k-labels-idx1-ubyte", Fixtures.idx(0x08, new int[] {3}, new byte[] {1, 10, 2}));
        Fixtures.write(root, raw, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> unchecked(false));
        assertTrue(e.getMessage().contains("label 10 at index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void fashionMnistReadsTheSameFormatWithItsClasses() throws IOException {
        Fixtures.write(root.resolve("FashionMNIST").resolve("raw"), RAW, true);
        FashionMNIST f = new FashionMNIST(root, true);   // no raw checksums are known for Fashion-MNIST
        assertEquals(5, f.size());
        assertImage(f.get(4).input(), 4);
        assertEquals(Fixtures.label(4), f.get(4).target().itemLong());
        assertEquals("Ankle boot", f.classes().get(9));
        assertEquals(10, f.classes().size());
        assertTrue(f.toString().startsWith("Dataset FashionMNIST"), f.toString());
    }

    @Test
    void fashionMnistMissingFileNamesItsOwnFolder() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new FashionMNIST(root, false));
        assertTrue(e.getMessage().startsWith("FashionMNIST: t10k-images-idx3-ubyte(.gz) not found"), e.getMessage());
        assertTrue(e.getMessage().contains(root.resolve("FashionMNIST").resolve("raw").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("fashion-mnist.s3-website"), e.getMessage());
    }
}
