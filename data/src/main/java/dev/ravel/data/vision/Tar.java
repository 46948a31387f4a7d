package dev.ravel.data.vision;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts the regular files of a .tar.gz: the part of the tar format a dataset archive needs
 * (ustar headers with their checksum, GNU long names, pax paths). Links and special files are
 * skipped; an entry that would land outside the target folder is refused. Each file is written
 * to a temporary name and moved into place when complete.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Extracts archive (gzip-compressed tar) into dir; returns the files written. */
    static List<Path> extractTarGz(Path archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long offset = 0;
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0) {
                    break;                     // end of stream without the end-of-archive blocks: tolerated, as tar does
                }
                if (n < BLOCK) {
                    throw FileChecks.corrupt(archive, "truncated tar header at offset " + offset);
                }
                if (allZero(header)) {
                    break;                     // end-of-archive marker
                }
                checkHeader(archive, header, offset);
                long size = number(archive, header, 124, 12, offset);
                byte type = header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                offset += BLOCK;
                switch (type) {
                    case 'L' -> longName = cString(read(archive, in, size));
                    case 'x' -> {
                        String path = paxPath(read(archive, in, size));
                        if (path != null) {
                            longName = path;
                        }
                    }
                    case '0', 0, '7' -> written.add(writeFile(archive, in, size, root, name));
                    case '5' -> Files.createDirectories(resolve(archive, root, name, true));
                    default -> in.skipNBytes(size);      // links, devices, global pax headers
                }
                in.skipNBytes(padding(size));
                offset += size + padding(size);
            }
        } catch (EOFException e) {
            throw FileChecks.corrupt(archive, "truncated archive", e);
        } catch (ZipException e) {
            throw FileChecks.corrupt(archive, "not a valid gzip file (" + e.getMessage() + ")", e);
        }
        return written;
    }

    private static Path writeFile(Path archive, InputStream in, long size, Path root, String name) throws IOException {
        Path out = resolve(archive, root, name, false);
        Files.createDirectories(out.getParent());
        Path part = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream o = Files.newOutputStream(part)) {
            byte[] buf = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw FileChecks.corrupt(archive, "truncated inside entry " + name);
                }
                o.write(buf, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** Refuses absolute names and ../ that would escape the target folder (zip slip); "./" is the folder itself. */
    private static Path resolve(Path archive, Path root, String name, boolean directory) throws IOException {
        Path out = root.resolve(name).normalize();
        if (name.startsWith("/") || !out.startsWith(root) || (out.equals(root) && !directory)) {
            throw FileChecks.corrupt(archive, "entry '" + name + "' would be extracted outside " + root);
        }
        return out;
    }

    private static void checkHeader(Path archive, byte[] h, long offset) throws IOException {
        long stored = number(archive, h, 148, 8, offset);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw FileChecks.corrupt(archive, "bad tar header checksum at offset " + offset + " (not a tar archive, or corrupt)");
        }
    }

    /** ustar name, with its prefix field when the magic says ustar. */
    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        String magic = cString(h, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    /** An octal field, or GNU's base-256 form for large sizes (high bit of the first byte set). */
    private static long number(Path archive, byte[] h, int off, int len, long offset) throws IOException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i];
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw FileChecks.corrupt(archive, "bad number in the tar header at offset " + offset + " (not a tar archive, or corrupt)");
            }
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    /** The path record of a pax extended header ("LEN path=VALUE\n" records), or null. */
    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int space = s.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(s.substring(i, space));
            } catch (NumberFormatException e) {
                break;
            }
            // LEN counts bytes; the records a dataset archive has are ASCII
            String record = s.substring(space + 1, Math.min(s.length(), i + len)).stripTrailing();
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            if (len <= 0) {
                break;
            }
            i += len;
        }
        return null;
    }

    private static byte[] read(Path archive, InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw FileChecks.corrupt(archive, "tar metadata entry of " + size + " bytes is implausibly large");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new EOFException();
        }
        return b;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b) {
        return cString(b, 0, b.length);
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
