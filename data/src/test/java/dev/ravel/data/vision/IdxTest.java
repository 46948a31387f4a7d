package dev.ravel.data.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static final byte[] DATA = {0, 1, 2, (byte) 200, (byte) 255, 7};

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private IOException fails(Path file, int ndims, String rawMd5, String expected) {
        IOException e = assertThrows(IOException.class, () -> Idx.readUbyte(file, ndims, rawMd5));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
        return e;
    }

    @Test
    void readsPlainFile() throws IOException {
        Path p = write("a-idx3-ubyte", Fixtures.idx(0x08, new int[] {1, 2, 3}, DATA));
        Idx.Array a = Idx.readUbyte(p, 3, null);
        assertArrayEquals(new int[] {1, 2, 3}, a.dims());
        assertArrayEquals(DATA, a.data());
    }

    @Test
    void readsGzippedFile() throws IOException {
        byte[] raw = Fixtures.idx(0x08, new int[] {6}, DATA);
        Path p = write("a-idx1-ubyte.gz", Fixtures.gzip(raw));
        Idx.Array a = Idx.readUbyte(p, 1, Fixtures.md5(raw));
        assertArrayEquals(new int[] {6}, a.dims());
        assertArrayEquals(DATA, a.data());
    }

    @Test
    void rawChecksumIgnoresHowTheFileWasCompressed() throws IOException {
        byte[] raw = Fixtures.mnistImages(3);
        byte[] fast = Fixtures.gzip(raw, Deflater.BEST_SPEED);
        byte[] best = Fixtures.gzip(raw, Deflater.BEST_COMPRESSION);
        assertTrue(!Arrays.equals(fast, best), "different archives of the same content");
        String md5 = Fixtures.md5(raw);
        assertArrayEquals(Idx.readUbyte(write("fast.gz", fast), 3, md5).data(),
                Idx.readUbyte(write("best.gz", best), 3, md5).data());
        assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), Idx.readUbyte(write("plain", raw), 3, md5).data());
    }

    @Test
    void rawChecksumMismatchIsAnError() throws IOException {
        Path p = write("x.gz", Fixtures.gzip(Fixtures.idx(0x08, new int[] {6}, DATA)));
        fails(p, 1, "0123456789abcdef0123456789abcdef", "checksum mismatch");
    }

    @Test
    void badMagicIsAnError() throws IOException {
        byte[] b = Fixtures.idx(0x08, new int[] {6}, DATA);
        b[0] = 1;
        fails(write("bad", b), 1, null, "bad magic number");
    }

    @Test
    void gzippedFileWithoutGzSuffixSaysSo() throws IOException {
        fails(write("plain-name", Fixtures.gzip(Fixtures.idx(0x08, new int[] {6}, DATA))), 1, null, "gzip-compressed");
    }

    @Test
    void wrongTypeIsAnError() throws IOException {
        fails(write("int", Fixtures.idx(0x0C, new int[] {6}, DATA)), 1, null, "IDX type 0x0c");
    }

    @Test
    void wrongNumberOfDimsIsAnError() throws IOException {
        fails(write("dims", Fixtures.idx(0x08, new int[] {2, 3}, DATA)), 3, null, "IDX array of 2 dims, expected 3");
    }

    @Test
    void payloadShorterThanHeaderIsAnError() throws IOException {
        fails(write("short", Fixtures.idx(0x08, new int[] {7}, DATA)), 1, null, "truncated: the header announces 7 values, the file holds 6");
    }

    @Test
    void payloadLongerThanHeaderIsAnError() throws IOException {
        fails(write("long", Fixtures.idx(0x08, new int[] {5}, DATA)), 1, null, "more data than the header announces");
    }

    @Test
    void fileEndingInsideHeaderIsAnError() throws IOException {
        fails(write("stub", new byte[] {0, 0, 8, 3, 0, 0}), 3, null, "truncated inside the IDX header");
    }

    @Test
    void truncatedGzipIsAnError() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.mnistImages(4));
        fails(write("cut.gz", Arrays.copyOf(gz, gz.length / 2)), 3, null, "truncated");
    }

    @Test
    void corruptGzipIsAnError() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.mnistImages(4));
        for (int i = 20; i < 60; i++) {
            gz[i] ^= 0x5a;
        }
        fails(write("bad.gz", gz), 3, null, "not a valid gzip file");
    }

    @Test
    void notGzipAtAllIsAnError() throws IOException {
        fails(write("text.gz", "hello world, not gzip".getBytes()), 1, null, "not a valid gzip file");
    }
}
