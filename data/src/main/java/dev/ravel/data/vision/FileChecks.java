package dev.ravel.data.vision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks on dataset files: MD5, the checksum the mirrors publish (and torchvision checks), and the
 * one shape of error for a file that fails any check - an IOException that starts with the file.
 */
final class FileChecks {
    private FileChecks() {
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The MD5 of a file's bytes, as lowercase hex. */
    static String md5(Path file) throws IOException {
        MessageDigest md = md5();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    static void verify(Path file, String what, String actual, String expected) throws IOException {
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException(file + ": checksum mismatch: the MD5 of its " + what + " is " + actual + ", expected "
                    + expected + " (a corrupt or different file; delete it to download it again)");
        }
    }

    /** The error for a file that is not what it should be: its path, then the problem. */
    static IOException corrupt(Path file, String problem) {
        return new IOException(file + ": " + problem);
    }

    static IOException corrupt(Path file, String problem, Throwable cause) {
        return new IOException(file + ": " + problem, cause);
    }
}
