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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CIFAR10Test {
    @TempDir
    Path root;

    private static final int RECORDS = 3;
    private static final Map<String, byte[]> FILES = Fixtures.cifarFiles(RECORDS);

    private void writeFiles() throws IOException {
        for (var e : FILES.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
    }

    private CIFAR10 cifar(Remote remote, boolean train, boolean download, Transform t) {
        return new CIFAR10(remote, RECORDS, root, train, download, t);
    }

    private CIFAR10 cifar(boolean train) {
        return cifar(CIFAR10.REMOTE, train, false, null);
    }

    private static void assertImage(Tensor x, int i) {
        assertArrayEquals(new int[] {3, 32, 32}, x.shape());
        assertEquals(DType.FLOAT32, x.dtype());
        float[] v = x.toFloatArray();
        for (int k = 0; k < 3072; k++) {
            assertEquals(Fixtures.cifarPixel(i, k), v[k], "value " + k + " of image " + i);
        }
    }

    @Test
    void itemsAreChannelsFirstRawValuesWithInt64Labels() throws IOException {
        writeFiles();
        CIFAR10 train = cifar(true);
        assertEquals(5 * RECORDS, train.size());
        for (int i = 0; i < train.size(); i++) {
            Sample s = train.get(i);
            assertImage(s.input(), i);
            assertEquals(DType.INT64, s.target().dtype());
            assertEquals(0, s.target().dim());
            assertEquals(Fixtures.cifarLabel(i), s.target().itemLong());
        }
        // Record 0's green plane starts 1024 bytes in: channel 1, row 0, column 0.
        assertEquals(Fixtures.cifarPixel(4, 1024), train.get(4).input().data().get(1, 0, 0));
        assertEquals(Fixtures.cifarPixel(4, 2 * 1024 + 32 * 5 + 7), train.get(4).input().data().get(2, 5, 7));
        CIFAR10 test = cifar(false);
        assertEquals(RECORDS, test.size());
        assertImage(test.get(2).input(), 1002);
        assertEquals(Fixtures.cifarLabel(1002), test.get(2).target().itemLong());
    }

    @Test
    void dataTargetsAndClasses() throws IOException {
        writeFiles();
        CIFAR10 test = cifar(false);
        Tensor data = test.data();
        assertArrayEquals(new int[] {RECORDS, 3, 32, 32}, data.shape());
        assertTrue(data.select(0, 1).equal(test.get(1).input()));
        assertArrayEquals(new long[] {Fixtures.cifarLabel(1000), Fixtures.cifarLabel(1001), Fixtures.cifarLabel(1002)},
                test.targets().toLongArray());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                test.classes());
    }

    @Test
    void transformIsApplied() throws IOException {
        writeFiles();
        CIFAR10 test = cifar(CIFAR10.REMOTE, false, false, new Compose(new ToTensor(), new RandomCrop(32, 0)));
        float[] v = test.get(0).input().toFloatArray();
        assertEquals(Fixtures.cifarPixel(1000, 77) / 255f, v[77], 1e-7);
    }

    @Test
    void missingBatchesSayWhereAndHowToDownload() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new CIFAR10(root, true));
        String m = e.getMessage();
        assertTrue(m.startsWith("CIFAR10: data_batch_1.bin, data_batch_2.bin"), m);
        assertTrue(m.contains(root.resolve("cifar-10-batches-bin").toString()), m);
        assertTrue(m.contains("download=true"), m);
        assertTrue(m.contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), m);
    }

    @Test
    void truncatedBatchIsAnErrorNamingIt() throws IOException {
        writeFiles();
        Path f = root.resolve("cifar-10-batches-bin/data_batch_3.bin");
        Files.write(f, Arrays.copyOf(FILES.get("cifar-10-batches-bin/data_batch_3.bin"), 3073 * RECORDS - 1));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> cifar(true));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void realDatasetNeedsTenThousandRecordsPerBatch() throws IOException {
        writeFiles();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new CIFAR10(root, false));
        assertTrue(e.getMessage().contains("expected 10000 records of 3073 bytes"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsAnError() throws IOException {
        writeFiles();
        byte[] b = FILES.get("cifar-10-batches-bin/test_batch.bin").clone();
        b[3073] = 10;
        Files.write(root.resolve("cifar-10-batches-bin/test_batch.bin"), b);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> cifar(false));
        assertTrue(e.getMessage().contains("label 10 in record 1"), e.getMessage());
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
    }

    @Test
    void downloadsVerifiesAndExtractsTheArchive() throws IOException {
        byte[] archive = Fixtures.gzip(Fixtures.tar(FILES));
        try (Fixtures.Server server = new Fixtures.Server()) {
            server.put("kriz", Map.of(CIFAR10.ARCHIVE, archive));
            Remote remote = new Remote(List.of(server.url("down"), server.url("kriz")),
                    List.of(new Remote.Resource(CIFAR10.ARCHIVE, Fixtures.md5(archive), null)));
            CIFAR10 train = cifar(remote, true, true, null);
            assertImage(train.get(7).input(), 7);
            assertEquals(2, server.requests.get(), "a 404, then the archive");
            assertTrue(Files.exists(root.resolve(CIFAR10.ARCHIVE)));
            // Both splits were extracted; the next load downloads nothing.
            assertImage(cifar(remote, false, true, null).get(0).input(), 1000);
            assertEquals(2, server.requests.get());
            // An archive already in root with the right checksum is extracted again without a download.
            Files.delete(root.resolve("cifar-10-batches-bin/test_batch.bin"));
            assertEquals(RECORDS, cifar(remote, false, true, null).size());
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void archiveWithTheWrongChecksumIsRejected() throws IOException {
        byte[] archive = Fixtures.gzip(Fixtures.tar(FILES));
        try (Fixtures.Server server = new Fixtures.Server()) {
            server.put("kriz", Map.of(CIFAR10.ARCHIVE, archive));
            Remote remote = new Remote(List.of(server.url("kriz")),
                    List.of(new Remote.Resource(CIFAR10.ARCHIVE, "00000000000000000000000000000000", null)));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> cifar(remote, true, true, null));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
            assertTrue(!Files.exists(root.resolve("cifar-10-batches-bin")));
        }
    }
}
