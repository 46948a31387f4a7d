package dev.ravel.data.vision;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Small datasets in the standard formats, written by the tests themselves, and a loopback HTTP server. */
final class Fixtures {
    private Fixtures() {
    }

    // ---- MNIST-style IDX ----

    /** The pixel value of image i at flat position k in the generated MNIST files. */
    static int pixel(int i, int k) {
        return (i * 37 + k * 11) % 256;
    }

    static int label(int i) {
        return (i * 7 + 3) % 10;
    }

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt((type << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] mnistImages(int n) {
        byte[] data = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 784; k++) {
                data[i * 784 + k] = (byte) pixel(i, k);
            }
        }
        return idx(0x08, new int[] {n, 28, 28}, data);
    }

    static byte[] mnistLabels(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) label(i);
        }
        return idx(0x08, new int[] {n}, data);
    }

    /** The four raw (uncompressed) files of an MNIST-style dataset: n train, m test samples. */
    static Map<String, byte[]> mnistRaw(int n, int m) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", mnistImages(n));
        files.put("train-labels-idx1-ubyte", mnistLabels(n));
        files.put("t10k-images-idx3-ubyte", mnistImages(m));
        files.put("t10k-labels-idx1-ubyte", mnistLabels(m));
        return files;
    }

    static byte[] gzip(byte[] raw, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        return gzip(raw, Deflater.DEFAULT_COMPRESSION);
    }

    /** Writes the files into dir, gzipped (name.gz) or plain. */
    static void write(Path dir, Map<String, byte[]> raw, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (var e : raw.entrySet()) {
            Files.write(dir.resolve(e.getKey() + (gz ? ".gz" : "")), gz ? gzip(e.getValue()) : e.getValue());
        }
    }

    /** A Remote for the gzipped files as served, with their MD5s (and the raw ones when withRaw). */
    static Remote remote(List<String> mirrors, Map<String, byte[]> raw, Map<String, byte[]> served, boolean withRaw) {
        return new Remote(mirrors, raw.keySet().stream().map(name -> new Remote.Resource(name + ".gz",
                md5(served.get(name + ".gz")), withRaw ? md5(raw.get(name)) : null)).toList());
    }

    static Map<String, byte[]> gzipAll(Map<String, byte[]> raw) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k + ".gz", gzip(v)));
        return out;
    }

    static String md5(byte[] bytes) {
        return FileChecks.hex(FileChecks.md5().digest(bytes));
    }

    // ---- CIFAR-10 binary ----

    static int cifarPixel(int i, int k) {
        return (i * 13 + k * 5 + 1) % 256;
    }

    static int cifarLabel(int i) {
        return (i * 3 + 1) % 10;
    }

    /** A batch file of `records` records, the first one numbered `first`. */
    static byte[] cifarBatch(int first, int records) {
        byte[] b = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            int i = first + r;
            b[r * 3073] = (byte) cifarLabel(i);
            for (int k = 0; k < 3072; k++) {
                b[r * 3073 + 1 + k] = (byte) cifarPixel(i, k);
            }
        }
        return b;
    }

    /** The six batch files, `records` records each (train records numbered 0.., test ones 1000..). */
    static Map<String, byte[]> cifarFiles(int records) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int f = 0; f < 5; f++) {
            files.put("cifar-10-batches-bin/data_batch_" + (f + 1) + ".bin", cifarBatch(f * records, records));
        }
        files.put("cifar-10-batches-bin/test_batch.bin", cifarBatch(1000, records));
        files.put("cifar-10-batches-bin/batches.meta.txt", String.join("\n", CIFAR10.CLASSES).getBytes(StandardCharsets.US_ASCII));
        return files;
    }

    // ---- tar ----

    /** A ustar archive of the files (a directory entry first), names over 100 chars as GNU long names. */
    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tarEntry(out, "cifar-10-batches-bin/", '5', new byte[0]);
        files.forEach((name, data) -> {
            if (name.length() > 99) {
                byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
                tarEntry(out, "././@LongLink", 'L', n);
                tarEntry(out, name.substring(0, 99), '0', data);
            } else {
                tarEntry(out, name, '0', data);
            }
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static void tarEntry(ByteArrayOutputStream out, String name, char type, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0001750");
        put(h, 116, "0001750");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 1_600_000_000L));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte x : h) {
            sum += x & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    // ---- HTTP ----

    /** A loopback server: path -> bytes (absent paths are 404); counts the requests. */
    static final class Server implements AutoCloseable {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        private final HttpServer server;

        Server() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = files.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }

        /** The base URL of a folder on this server, ending in '/'. */
        String url(String folder) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/";
        }

        void put(String folder, Map<String, byte[]> content) {
            content.forEach((name, bytes) -> files.put("/" + folder + "/" + name, bytes));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A loopback URL nobody listens on: connections are refused. */
    static String refusedUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/mnist/";
    }
}
