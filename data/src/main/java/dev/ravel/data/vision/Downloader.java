package dev.ravel.data.vision;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads a dataset file from the first mirror that serves it with the right checksum. Each try
 * goes to a temporary file next to the target, which is moved into place only once its MD5
 * matches, so an interrupted or corrupt download never looks like a dataset. When every mirror
 * fails, the IOException lists each mirror's error.
 */
final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private Downloader() {
    }

    /** Fetches {@code mirror + file} to target, trying the mirrors in order; md5 null skips the check. */
    static void fetch(String dataset, List<String> mirrors, String file, String md5, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<String> errors = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            for (String mirror : mirrors) {
                URI uri = URI.create(mirror.endsWith("/") ? mirror + file : mirror + "/" + file);
                Path part = Files.createTempFile(dir, file + ".", ".part");
                try {
                    System.err.println(dataset + ": downloading " + uri + " to " + target);
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT)
                            .header("User-Agent", "ravel").GET().build();
                    HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(part));
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP status " + response.statusCode());
                    }
                    if (md5 != null) {
                        String got = FileChecks.md5(part);
                        if (!got.equalsIgnoreCase(md5)) {
                            throw new IOException("checksum mismatch: MD5 " + got + ", expected " + md5);
                        }
                    }
                    moveIntoPlace(part, target);
                    return;
                } catch (IOException e) {
                    errors.add(uri + ": " + describe(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while downloading " + uri);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        }
        throw new IOException("could not download " + file + " from any of " + mirrors.size() + " mirror"
                + (mirrors.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", errors));
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Our own errors by their message; others by class and the first message in the chain (HttpClient wraps "Connection refused"). */
    private static String describe(IOException e) {
        if (e.getClass() == IOException.class && e.getMessage() != null) {
            return e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
