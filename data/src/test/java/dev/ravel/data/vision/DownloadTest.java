package dev.ravel.data.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server: mirrors, fallbacks, checksums; nothing touches the internet. */
class DownloadTest {
    @TempDir
    Path root;

    private static final Map<String, byte[]> RAW = Fixtures.mnistRaw(4, 2);
    private static final Map<String, byte[]> SERVED = Fixtures.gzipAll(RAW);
    private Fixtures.Server server;

    @BeforeEach
    void start() throws IOException {
        server = new Fixtures.Server();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MNIST mnist(List<String> mirrors, boolean download) {
        return new MNIST("MNIST", Fixtures.remote(mirrors, RAW, SERVED, true), MNIST.CLASSES, root, true, download, null);
    }

    private Path raw() {
        return root.resolve("MNIST").resolve("raw");
    }

    private void assertNoPartialFiles() throws IOException {
        if (Files.isDirectory(raw())) {
            try (Stream<Path> s = Files.list(raw())) {
                assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".part")).toList());
            }
        }
    }

    @Test
    void downloadsMissingFilesIntoTheRawFolderAndVerifiesThem() throws IOException {
        server.put("good", SERVED);
        MNIST m = mnist(List.of(server.url("good")), true);
        assertEquals(4, m.size());
        assertEquals(Fixtures.label(3), m.get(3).target().itemLong());
        assertEquals(4, server.requests.get(), "all four files of both splits");
        for (String name : SERVED.keySet()) {
            assertTrue(java.util.Arrays.equals(SERVED.get(name), Files.readAllBytes(raw().resolve(name))), name);
        }
        assertNoPartialFiles();
        // The test split is there too now, and a second construction downloads nothing.
        assertEquals(2, new MNIST("MNIST", Fixtures.remote(List.of(server.url("good")), RAW, SERVED, true), MNIST.CLASSES,
                root, false, true, null).size());
        assertEquals(4, server.requests.get());
    }

    @Test
    void corruptFileOnFirstMirrorFallsBackToTheNext() throws IOException {
        Map<String, byte[]> corrupt = new LinkedHashMap<>(SERVED);
        byte[] bad = SERVED.get("train-images-idx3-ubyte.gz").clone();
        bad[bad.length / 2] ^= 1;
        corrupt.put("train-images-idx3-ubyte.gz", bad);
        server.put("bad", corrupt);
        server.put("good", SERVED);
        MNIST m = mnist(List.of(server.url("bad"), server.url("good")), true);
        assertEquals(Fixtures.pixel(2, 100), m.get(2).input().toFloatArray()[100]);
        assertEquals(5, server.requests.get(), "four from the first mirror, the corrupt one again from the second");
        assertNoPartialFiles();
    }

    @Test
    void mirrorRefusingConnectionsFallsBackToTheNext() throws IOException {
        server.put("good", SERVED);
        MNIST m = mnist(List.of(Fixtures.refusedUrl(), server.url("good")), true);
        assertEquals(4, m.size());
        assertNoPartialFiles();
    }

    @Test
    void mirrorAnswering404FallsBackToTheNext() throws IOException {
        server.put("good", SERVED);
        MNIST m = mnist(List.of(server.url("empty"), server.url("good")), true);
        assertEquals(4, m.size());
        assertEquals(8, server.requests.get());
    }

    @Test
    void allMirrorsFailingListsEachMirrorsError() throws IOException {
        Map<String, byte[]> corrupt = new LinkedHashMap<>();
        SERVED.forEach((k, v) -> corrupt.put(k, Fixtures.gzip(new byte[] {1, 2, 3})));
        server.put("bad", corrupt);
        String refused = Fixtures.refusedUrl();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> mnist(List.of(server.url("empty"), server.url("bad"), refused), true));
        String m = e.getMessage();
        assertTrue(e.getCause() instanceof IOException);
        assertTrue(m.startsWith("MNIST: could not download train-images-idx3-ubyte.gz from any of 3 mirrors:\n  "), m);
        assertTrue(m.contains(server.url("empty") + "train-images-idx3-ubyte.gz: HTTP status 404"), m);
        assertTrue(m.contains(server.url("bad") + "train-images-idx3-ubyte.gz: checksum mismatch"), m);
        assertTrue(m.contains(refused + "train-images-idx3-ubyte.gz: ConnectException"), m);
        assertFalse(Files.exists(raw().resolve("train-images-idx3-ubyte.gz")));
        assertNoPartialFiles();
    }

    @Test
    void noDownloadWhenFilesExist() throws IOException {
        Fixtures.write(root, RAW, true);
        server.put("good", SERVED);
        assertEquals(4, mnist(List.of(server.url("good")), true).size());
        assertEquals(0, server.requests.get());
        assertFalse(Files.exists(raw()));
    }

    @Test
    void onlyMissingFilesAreDownloaded() throws IOException {
        Fixtures.write(raw(), Map.of("train-images-idx3-ubyte", RAW.get("train-images-idx3-ubyte")), false);
        server.put("good", SERVED);
        mnist(List.of(server.url("good")), true);
        assertEquals(3, server.requests.get());
    }

    @Test
    void withoutDownloadNothingIsFetched() {
        server.put("good", SERVED);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> mnist(List.of(server.url("good")), false));
        assertTrue(e.getMessage().contains("pass download=true to fetch it from " + server.url("good")), e.getMessage());
        assertEquals(0, server.requests.get());
    }

    @Test
    void fashionMnistDownloadsIntoItsOwnFolder() throws IOException {
        server.put("fashion", SERVED);
        FashionMNIST f = new FashionMNIST(Fixtures.remote(List.of(server.url("fashion")), RAW, SERVED, false), root, false,
                true, null);
        assertEquals(2, f.size());
        assertTrue(Files.exists(root.resolve("FashionMNIST").resolve("raw").resolve("t10k-images-idx3-ubyte.gz")));
    }
}
