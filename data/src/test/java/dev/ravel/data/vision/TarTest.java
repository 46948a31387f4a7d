package dev.ravel.data.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTest {
    @TempDir
    Path dir;

    private Path archive(byte[] tar) throws IOException {
        Path p = dir.resolve("a.tar.gz");
        Files.write(p, Fixtures.gzip(tar));
        return p;
    }

    @Test
    void extractsRegularFilesWithTheirBytes() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cifar-10-batches-bin/empty.bin", new byte[0]);
        files.put("cifar-10-batches-bin/one-block.bin", new byte[512]);
        byte[] odd = new byte[1234];
        Arrays.fill(odd, (byte) 7);
        files.put("cifar-10-batches-bin/odd.bin", odd);
        Path out = dir.resolve("out");
        List<Path> written = Tar.extractTarGz(archive(Fixtures.tar(files)), out);
        assertEquals(3, written.size());
        for (var e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey())), e.getKey());
        }
    }

    @Test
    void gnuLongNames() throws IOException {
        String name = "cifar-10-batches-bin/" + "x".repeat(120) + ".bin";
        Path out = dir.resolve("out");
        Tar.extractTarGz(archive(Fixtures.tar(Map.of(name, new byte[] {1, 2, 3}))), out);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve(name)));
    }

    @Test
    void paxPathOverridesTheHeaderName() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        String record = "28 path=dir/from-pax-name.x\n";
        assertEquals(28, record.length());
        Fixtures.tarEntry(tar, "PaxHeaders/x", 'x', record.getBytes(StandardCharsets.US_ASCII));
        Fixtures.tarEntry(tar, "truncated-nam", '0', new byte[] {9});
        tar.writeBytes(new byte[1024]);
        Path out = dir.resolve("out");
        Tar.extractTarGz(archive(tar.toByteArray()), out);
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(out.resolve("dir/from-pax-name.x")));
    }

    @Test
    void dotSlashNamesExtractIntoTheFolder() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Fixtures.tarEntry(tar, "./", '5', new byte[0]);
        Fixtures.tarEntry(tar, "./sub/", '5', new byte[0]);
        Fixtures.tarEntry(tar, "./sub/a.bin", '0', new byte[] {4, 2});
        tar.writeBytes(new byte[1024]);
        Path out = dir.resolve("out");
        assertEquals(List.of(out.resolve("sub/a.bin")), Tar.extractTarGz(archive(tar.toByteArray()), out));
        assertArrayEquals(new byte[] {4, 2}, Files.readAllBytes(out.resolve("sub/a.bin")));
    }

    @Test
    void entriesEscapingTheFolderAreRefused() throws IOException {
        Path out = dir.resolve("out");
        IOException e = assertThrows(IOException.class,
                () -> Tar.extractTarGz(archive(Fixtures.tar(Map.of("../evil.bin", new byte[] {1}))), out));
        assertTrue(e.getMessage().contains("would be extracted outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.bin")));
    }

    @Test
    void badHeaderChecksumIsAnError() throws IOException {
        byte[] tar = Fixtures.tar(Map.of("a.bin", new byte[] {1}));
        tar[512 + 3] ^= 1;   // the second header (the first is the folder)
        Path a = archive(tar);
        IOException e = assertThrows(IOException.class, () -> Tar.extractTarGz(a, dir.resolve("out")));
        assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("bad tar header checksum at offset 512"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsAnError() throws IOException {
        byte[] tar = Fixtures.tar(Map.of("a.bin", new byte[5000]));
        Path a = archive(Arrays.copyOf(tar, 1024 + 2000));
        IOException e = assertThrows(IOException.class, () -> Tar.extractTarGz(a, dir.resolve("out")));
        assertTrue(e.getMessage().contains("truncated inside entry a.bin"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out").resolve("a.bin")), "no partial file left");
    }

    @Test
    void notAGzipFileIsAnError() throws IOException {
        Path p = dir.resolve("x.tar.gz");
        Files.write(p, Fixtures.tar(Map.of("a", new byte[1])));
        IOException e = assertThrows(IOException.class, () -> Tar.extractTarGz(p, dir.resolve("out")));
        assertTrue(e.getMessage().contains("not a valid gzip file"), e.getMessage());
    }
}
