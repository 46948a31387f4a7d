package dev.ravel.tensor;

import dev.ravel.tensor.testing.Json;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays golden cases computed by real PyTorch (src/test/resources/golden/make_tensor_golden.py,
 * which documents the file format) through the Ravel API: one dynamic test per case, named by its
 * id and grouped by category. Shapes and dtypes must match exactly, int64 and bool values exactly,
 * float values within the case's tolerance (float32: rtol 1e-5, atol 1e-6 by default). Where
 * PyTorch raises, Ravel must throw.
 */
class TorchGoldenTest {
    private static final String RESOURCE = "/golden/tensor_ops.json";

    @TestFactory
    List<DynamicNode> torchGolden() throws IOException {
        Map<String, List<DynamicNode>> byCategory = new LinkedHashMap<>();
        for (Object o : cases()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) o;
            String id = (String) c.get("id");
            String category = id.substring(0, id.indexOf('/'));
            byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(DynamicTest.dynamicTest(id, () -> replayNamed(id, c)));
        }
        List<DynamicNode> out = new ArrayList<>();
        byCategory.forEach((k, v) -> out.add(DynamicContainer.dynamicContainer(k, v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cases() throws IOException {
        try (InputStream in = TorchGoldenTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " not on the test classpath");
            }
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Object>) root.get("cases");
        }
    }

    /** Surefire's report names dynamic tests by position, so every failure message starts with the case id. */
    private static void replayNamed(String id, Map<String, Object> c) {
        try {
            replay(c);
        } catch (AssertionError e) {
            throw new AssertionFailedError(id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(id + ": Ravel threw " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> c) {
        String op = (String) c.get("op");
        List<Object> inputs = (List<Object>) c.get("in");
        List<Object> tf = (List<Object>) c.get("tf");
        List<NDArray> xs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> in = (Map<String, Object>) inputs.get(i);
            NDArray x = in.containsKey("gen") ? generated((Map<String, Object>) in.get("gen")) : tensor(in);
            xs.add(tf == null ? x : GoldenOps.transform(x, tf.get(i)));
        }
        GoldenOps.Args args = new GoldenOps.Args((Map<String, Object>) c.getOrDefault("args", Map.of()));
        Object expected = c.get("out");
        if (expected instanceof Map<?, ?> m && m.containsKey("error")) {
            Object got;
            try {
                got = GoldenOps.run(op, xs, args);
            } catch (ClassCastException | NullPointerException | ArrayIndexOutOfBoundsException e) {
                throw e;  // a bug of this harness, or a kernel failing where a check should have spoken
            } catch (RuntimeException e) {
                return;  // PyTorch raises, so does Ravel
            }
            fail("PyTorch raises \"" + m.get("error") + "\" but Ravel returned " + describe(got));
        }
        Object actual = GoldenOps.run(op, xs, args);
        if ("sum".equals(c.get("post"))) {
            actual = postSum(actual);
        }
        Double rtol = c.containsKey("rtol") ? GoldenOps.number(c.get("rtol")) : null;
        Double atol = c.containsKey("atol") ? GoldenOps.number(c.get("atol")) : null;
        compare("result", expected, actual, rtol, atol);
    }

    @SuppressWarnings("unchecked")
    private static void compare(String where, Object expected, Object actual, Double rtol, Double atol) {
        if (expected instanceof List<?> list) {
            if (!(actual instanceof List<?> got)) {
                fail(where + ": expected a list of " + list.size() + " tensors, got " + describe(actual));
                return;
            }
            assertEquals(list.size(), got.size(), where + ": number of results");
            for (int i = 0; i < list.size(); i++) {
                compare(where + "[" + i + "]", list.get(i), got.get(i), rtol, atol);
            }
            return;
        }
        Map<String, Object> m = (Map<String, Object>) expected;
        if (m.containsKey("str")) {
            assertEquals(m.get("str"), actual, where + ": toString()");
            return;
        }
        if (!(actual instanceof NDArray a)) {
            fail(where + ": expected a tensor, got " + describe(actual));
            return;
        }
        assertTensor(where, m, a, rtol, atol);
    }

    /** The script's post(): large outputs compared through sums over the last dim (floats summed in float64). */
    private static Object postSum(Object r) {
        if (r instanceof List<?> l) {
            return l.stream().map(TorchGoldenTest::postSum).toList();
        }
        NDArray x = (NDArray) r;
        return x.dtype().isFloatingPoint() ? x.to(DType.FLOAT64).sum(-1).to(x.dtype()) : x.to(DType.INT64).sum(-1);
    }

    /** The script's Gen: element i is ((i * a) % m + offset) * scale, exact in double, then cast. */
    static NDArray generated(Map<String, Object> g) {
        int[] shape = GoldenOps.ints(g.get("shape"));
        DType dtype = GoldenOps.dtype((String) g.get("dtype"));
        long a = ((Json.Num) g.get("a")).asLong();
        long m = ((Json.Num) g.get("m")).asLong();
        double offset = GoldenOps.number(g.get("offset"));
        double scale = GoldenOps.number(g.get("scale"));
        int n = Shapes.numel(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((double) Math.floorMod(i * a, m) + offset) * scale;
        }
        NDArray d = NDArray.fromArray(v, shape);
        return dtype == DType.BOOL ? d.gt(0.0) : d.to(dtype);
    }

    private static String describe(Object o) {
        return o instanceof NDArray a ? "a tensor " + Arrays.toString(a.shape()) + " " + a.dtype() + ": " + a
                : String.valueOf(o);
    }

    /** A tensor of the JSON format: dtype, shape, flat data. */
    @SuppressWarnings("unchecked")
    static NDArray tensor(Map<String, Object> m) {
        DType dtype = GoldenOps.dtype((String) m.get("dtype"));
        int[] shape = GoldenOps.ints(m.get("shape"));
        List<Object> data = (List<Object>) m.get("data");
        int n = data.size();
        Object flat = switch (dtype) {
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = data.get(i) instanceof Json.Num num ? num.asFloat() : (float) GoldenOps.number(data.get(i));
                }
                yield f;
            }
            case FLOAT64 -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = GoldenOps.number(data.get(i));
                }
                yield d;
            }
            case INT64 -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = ((Json.Num) data.get(i)).asLong();
                }
                yield l;
            }
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = ((Json.Num) data.get(i)).asLong() != 0;
                }
                yield b;
            }
        };
        return NDArray.fromArray(flat, shape);
    }

    private static void assertTensor(String where, Map<String, Object> m, NDArray actual, Double rtolCase, Double atolCase) {
        NDArray expected = tensor(m);
        String head = where + ": ";
        if (expected.dtype() != actual.dtype() || !Arrays.equals(expected.shape(), actual.shape())) {
            fail(head + "expected " + expected.dtype() + " " + Arrays.toString(expected.shape()) + ", got "
                    + actual.dtype() + " " + Arrays.toString(actual.shape()) + ": " + actual);
        }
        if (expected.dtype() == DType.INT64 || expected.dtype() == DType.BOOL) {
            long[] e = expected.toLongArray();
            long[] a = actual.toLongArray();
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < e.length; i++) {
                if (e[i] != a[i]) {
                    bad.add("[" + i + "] expected " + e[i] + " got " + a[i]);
                }
            }
            report(head, bad, e.length);
            return;
        }
        boolean f32 = expected.dtype() == DType.FLOAT32;
        double rtol = rtolCase != null ? rtolCase : f32 ? 1e-5 : 1e-9;
        double atol = atolCase != null ? atolCase : f32 ? 1e-6 : 1e-12;
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            boolean ok;
            if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
                ok = Double.isNaN(e[i]) && Double.isNaN(a[i]);
            } else if (Double.isInfinite(e[i]) || Double.isInfinite(a[i])) {
                ok = e[i] == a[i];
            } else {
                ok = Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
            }
            if (!ok) {
                bad.add("[" + i + "] expected " + e[i] + " got " + a[i]);
            }
        }
        report(head + "(rtol " + rtol + ", atol " + atol + ") ", bad, e.length);
    }

    private static void report(String head, List<String> bad, int n) {
        if (!bad.isEmpty()) {
            fail(head + bad.size() + " of " + n + " elements differ: "
                    + String.join("; ", bad.subList(0, Math.min(8, bad.size()))) + (bad.size() > 8 ? "; ..." : ""));
        }
    }
}
