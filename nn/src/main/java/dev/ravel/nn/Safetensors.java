package dev.ravel.nn;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header {@code {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}}}, then the
 * raw little-endian bytes. PyTorch state dicts saved with {@code safetensors.torch.save_file} load
 * here with the same keys, and files written here load there.
 */
public final class Safetensors {
    private Safetensors() {
    }

    private static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    /** Writes tensors (contiguous copies of their data) with optional string metadata. */
    public static void save(Map<String, ? extends Tensor> tensors, Map<String, String> metadata, Path file)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        List<NDArray> arrays = new ArrayList<>();
        for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
            NDArray a = e.getValue().data();
            long bytes = (long) a.numel() * a.dtype().itemSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", code(a.dtype()));
            List<Object> shape = new ArrayList<>();
            for (int s : a.shape()) {
                shape.add((long) s);
            }
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            arrays.add(a);
            offset += bytes;
        }
        byte[] json = MiniJson.write(header).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(head);
            for (NDArray a : arrays) {
                ch.write(encode(a));
            }
        }
    }

    public static void save(Map<String, ? extends Tensor> tensors, Path file) throws IOException {
        save(tensors, null, file);
    }

    private static ByteBuffer encode(NDArray a) {
        Object host = a.backend().toHost(a);
        ByteBuffer b = ByteBuffer.allocate(a.numel() * a.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (host) {
            case float[] f -> b.asFloatBuffer().put(f);
            case double[] d -> b.asDoubleBuffer().put(d);
            case long[] l -> b.asLongBuffer().put(l);
            case boolean[] z -> {
                for (boolean v : z) {
                    b.put((byte) (v ? 1 : 0));
                }
                b.flip();
                return b;
            }
            default -> throw new IllegalStateException();
        }
        return b;
    }

    /** A file's tensors (on the CPU) and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Reads every tensor; F16/BF16/I32/I16/I8/U8 are widened to float32 or int64, as Ravel has no such dtypes. */
    public static Contents load(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String where = "safetensors file " + file;
        if (all.length < 8) {
            throw new IOException(where + ": too short for a header (" + all.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen < 2 || headerLen > all.length - 8) { // (8 + headerLen would overflow)
            throw new IOException(where + ": invalid header length " + headerLen + " for a file of " + all.length + " bytes");
        }
        String json = new String(all, 8, (int) headerLen, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = MiniJson.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": malformed header: " + e.getMessage(), e);
        }
        int dataStart = (int) (8 + headerLen);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> md)) {
                    throw new IOException(where + ": __metadata__ must be an object, got " + MiniJson.write(e.getValue()));
                }
                md.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
                continue;
            }
            // A hand-edited or foreign header must fail here with the tensor's name, not deep in a cast.
            if (!(e.getValue() instanceof Map<?, ?> info) || !(info.get("dtype") instanceof String dtype)
                    || !(info.get("shape") instanceof List<?> shapeList)
                    || !shapeList.stream().allMatch(x -> x instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE)
                    || !(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                    || !(offsets.get(0) instanceof Long) || !(offsets.get(1) instanceof Long)) {
                throw new IOException(where + ": tensor '" + e.getKey() + "' needs \"dtype\" (a string), \"shape\""
                        + " (non-negative integers) and \"data_offsets\" (two integers), got "
                        + MiniJson.write(e.getValue()));
            }
            int[] shape = new int[shapeList.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = ((Number) shapeList.get(i)).intValue();
                numel *= shape[i];
            }
            long start = ((Number) offsets.get(0)).longValue();
            long end = ((Number) offsets.get(1)).longValue();
            int width = width(dtype, e.getKey(), where);
            if (start < 0 || end - start != numel * width || end > all.length - dataStart) {
                throw new IOException(where + ": tensor '" + e.getKey() + "' of dtype " + dtype + " and shape "
                        + java.util.Arrays.toString(shape) + " has byte range [" + start + ", " + end
                        + ") that does not fit its size or the file");
            }
            ByteBuffer slice = ByteBuffer.wrap(all, (int) (dataStart + start), (int) (end - start)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.getKey(), Tensor.of(NDArray.fromArray(decode(dtype, slice, (int) numel), shape)));
        }
        return new Contents(tensors, metadata);
    }

    private static int width(String dtype, String name, String where) throws IOException {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "BOOL", "U8", "I8" -> 1;
            default -> throw new IOException(where + ": tensor '" + name + "' has unsupported dtype " + dtype);
        };
    }

    private static Object decode(String dtype, ByteBuffer b, int n) {
        switch (dtype) {
            case "F32": {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                return f;
            }
            case "F64": {
                double[] d = new double[n];
                b.asDoubleBuffer().get(d);
                return d;
            }
            case "I64": {
                long[] l = new long[n];
                b.asLongBuffer().get(l);
                return l;
            }
            case "BOOL": {
                boolean[] z = new boolean[n];
                for (int i = 0; i < n; i++) {
                    z[i] = b.get(i) != 0;
                }
                return z;
            }
            case "F16", "BF16": {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    short s = b.getShort(2 * i);
                    f[i] = dtype.equals("F16") ? Float.float16ToFloat(s) : Float.intBitsToFloat((s & 0xffff) << 16);
                }
                return f;
            }
            default: {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = switch (dtype) {
                        case "I32" -> b.getInt(4 * i);
                        case "I16" -> b.getShort(2 * i);
                        case "I8" -> b.get(i);
                        default -> b.get(i) & 0xff;
                    };
                }
                return l;
            }
        }
    }

    /** Saves a module's state dict. */
    public static void saveModule(Module m, Path file) throws IOException {
        save(m.stateDict(), null, file);
    }

    /** Loads a state dict file into a module (strict), converting dtypes to the module's. */
    public static Module.IncompatibleKeys loadModule(Module m, Path file, boolean strict) throws IOException {
        Map<String, Tensor> own = m.stateDict();
        Map<String, Tensor> loaded = load(file).tensors();
        Map<String, Tensor> converted = new LinkedHashMap<>();
        loaded.forEach((k, v) -> {
            Tensor mine = own.get(k);
            converted.put(k, mine != null && mine.dtype() != v.dtype() ? Tensor.of(v.data().to(mine.dtype())) : v);
        });
        return m.loadStateDict(converted, strict);
    }
}
