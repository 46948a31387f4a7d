package dev.ravel.nn;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors: Ravel's own round trip (every dtype, 0-d, empty, non-contiguous, metadata), files
 * written from a real torch state dict by make_nn_golden.py (from the format spec), and clear
 * IOExceptions naming the file for truncated or corrupt files.
 */
class SafetensorsTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SafetensorsTest.class.getResource("/golden/" + name).toURI());
    }

    private static Map<String, Tensor> everyKind() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32", Ravel.tensor(new float[][] {{1.5f, -0f, Float.NaN}, {Float.POSITIVE_INFINITY, 1e-40f, 3}}));
        m.put("f64", Ravel.tensor(new double[] {Math.PI, -1e300, Double.MIN_VALUE}));
        m.put("i64", Ravel.tensor(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}));
        m.put("bool", Tensor.of(NDArray.of(true, false, true, true)));
        m.put("scalar", Ravel.scalar(2.5));
        m.put("scalar_i64", Tensor.of(NDArray.scalar(7L)));
        m.put("empty", Ravel.zeros(0, 3));
        m.put("transposed", Ravel.arange(0, 6).reshape(2, 3).t());
        m.put("unicode ключ/name.with.dots", Ravel.ones(1));
        return m;
    }

    @Test
    void roundTripKeepsEveryDtypeShapeValueAndMetadata() throws IOException {
        Path f = dir.resolve("all.safetensors");
        Map<String, Tensor> saved = everyKind();
        Safetensors.save(saved, Map.of("format", "pt", "note", "quote \" and\nnewline"), f);
        Safetensors.Contents c = Safetensors.load(f);
        assertEquals(List.copyOf(saved.keySet()), List.copyOf(c.tensors().keySet()));
        for (var e : saved.entrySet()) {
            Tensor back = c.tensors().get(e.getKey());
            assertEquals(e.getValue().dtype(), back.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertTrue(Arrays.equals(bits(e.getValue()), bits(back)), e.getKey() + ": values differ");
        }
        assertEquals(Map.of("format", "pt", "note", "quote \" and\nnewline"), c.metadata());
    }

    /** Values compared bit for bit (NaN and -0 included). */
    private static long[] bits(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = t.contiguous().toFloatArray();
                long[] b = new long[f.length];
                for (int k = 0; k < f.length; k++) {
                    b[k] = Float.floatToRawIntBits(f[k]);
                }
                yield b;
            }
            case FLOAT64 -> Arrays.stream(t.contiguous().toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
            default -> t.to(DType.INT64).toLongArray();
        };
    }

    @Test
    void writtenFileFollowsTheFormat() throws IOException {
        Path f = dir.resolve("one.safetensors");
        Safetensors.save(Map.of("w", Ravel.tensor(1f, 2f)), f);
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.replace(" ", ""));
        ByteBuffer data = ByteBuffer.wrap(all, 8 + (int) n, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, data.getFloat());
        assertEquals(2f, data.getFloat());
        assertEquals(8 + n + 8, all.length);
    }

    @Test
    void moduleRoundTrip() throws IOException {
        Ravel.manualSeed(3);
        MixedNet a = new MixedNet();
        a.bn.buffer("num_batches_tracked").data().fill_(5);
        Path f = dir.resolve("mixed.safetensors");
        Safetensors.saveModule(a, f);
        Ravel.manualSeed(4);
        MixedNet b = new MixedNet();
        Parameter w = b.conv.weight;
        Safetensors.loadModule(b, f, true);
        assertSame(w, b.conv.weight);
        for (var e : a.stateDict().entrySet()) {
            assertTrue(e.getValue().equal(b.stateDict().get(e.getKey())), e.getKey());
        }
    }

    @Test
    void loadsAStateDictWrittenFromPyTorchIntoTheSameModel() throws Exception {
        Map<String, Object> expected = map(map(Golden.nn().get("safetensors")).get("mixed_state"));
        Path f = resource("torch_mixed.safetensors");
        Safetensors.Contents raw = Safetensors.load(f);
        assertEquals(Map.of("format", "pt", "written_by", "torch"), raw.metadata());
        assertEquals(expected.keySet(), raw.tensors().keySet());
        MixedNet net = new MixedNet();
        Module.IncompatibleKeys keys = Safetensors.loadModule(net, f, true);
        assertTrue(keys.missingKeys().isEmpty() && keys.unexpectedKeys().isEmpty());
        Map<String, Tensor> mine = net.stateDict();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(mine.keySet()), "PyTorch's key order");
        for (var e : expected.entrySet()) {
            assertClose(e.getValue(), mine.get(e.getKey()), 0, 0, e.getKey());
        }
        assertEquals(2L, net.bn.buffer("num_batches_tracked").itemLong());
        // And the loaded model runs.
        Tensor out = net.eval() instanceof MixedNet m
                ? m.forward(Ravel.tensor(new long[][] {{0, 3, 9}}), Ravel.randn(1, 1, 4, 4)) : null;
        assertArrayEquals(new int[] {1, 3}, out.shape());
    }

    @Test
    void readsEverySafetensorsDtypeWrittenFromPyTorch() throws Exception {
        Map<String, Object> expected = map(map(Golden.nn().get("safetensors")).get("dtypes"));
        Safetensors.Contents c = Safetensors.load(resource("torch_dtypes.safetensors"));
        assertEquals(expected.keySet(), c.tensors().keySet());
        for (var e : expected.entrySet()) {
            assertClose(e.getValue(), c.tensors().get(e.getKey()), 0, 0, e.getKey() + " (widened to a Ravel dtype)");
        }
        assertTrue(c.metadata().isEmpty());
    }

    private Path corrupt(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private void assertClearError(Path f, String... fragments) {
        var e = assertThrows(IOException.class, () -> Safetensors.load(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "mentions '" + s + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedAndCorruptFilesGiveClearIOExceptions() throws Exception {
        assertClearError(corrupt("short.safetensors", new byte[] {1, 2, 3}), "too short");
        byte[] good = Files.readAllBytes(resource("torch_mixed.safetensors"));
        assertClearError(corrupt("header_cut.safetensors", Arrays.copyOf(good, 100)), "invalid header length");
        assertClearError(corrupt("data_cut.safetensors", Arrays.copyOf(good, good.length - 5)), "does not fit");
        assertClearError(corrupt("bad_json.safetensors", file("{\"w\": {\"dtype\": \"F32\", ", 0)), "malformed header");
        assertClearError(corrupt("not_object.safetensors", file("[1, 2]  ", 0)), "malformed header");
        assertClearError(corrupt("dtype.safetensors",
                file("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8)), "unsupported dtype C64");
        assertClearError(corrupt("size.safetensors",
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)), "'w'", "[0, 8)");
        assertClearError(corrupt("negative.safetensors",
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8)), "'w'");
        assertClearError(corrupt("missing_field.safetensors", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8)),
                "'w'", "data_offsets");
        assertClearError(corrupt("negative_dim.safetensors",
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)), "'w'", "shape");
        assertClearError(corrupt("metadata.safetensors", file("{\"__metadata__\":[1]}", 0)), "__metadata__");
        assertClearError(corrupt("far_offsets.safetensors",
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[9223372036854775807,"
                        + "9223372036854775807]}}", 0)), "'w'");
        byte[] huge = Arrays.copyOf(good, good.length);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        assertClearError(corrupt("huge.safetensors", huge), "invalid header length");
    }

    @Test
    void loadingIntoAnotherModelFailsStrictly() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.loadModule(ModuleSpecs.seedMlp(), resource("torch_mixed.safetensors"), true));
        assertTrue(e.getMessage().contains("Unexpected key(s) in state_dict") && e.getMessage().contains("bn.running_mean"),
                e.getMessage());
    }
}
