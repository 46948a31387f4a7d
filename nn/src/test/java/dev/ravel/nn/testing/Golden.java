package dev.ravel.nn.testing;

import dev.ravel.Tensor;
import dev.ravel.tensor.testing.Json;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Reads the golden file written by {@code src/test/resources/golden/make_nn_golden.py} (real PyTorch
 * 1.13) and compares Ravel tensors with its encoded tensors ({@code {"dtype", "shape", "data"}}).
 */
public final class Golden {
    /** float32 tolerances of the replay tests. */
    public static final double RTOL = 1e-5;
    public static final double ATOL = 1e-6;

    private static Map<String, Object> nn;
    private static Map<String, Object> seq;

    private Golden() {
    }

    /** The parsed nn_golden.json, read once. */
    public static synchronized Map<String, Object> nn() {
        if (nn == null) {
            nn = map(Json.parse(resource("/golden/nn_golden.json")));
        }
        return nn;
    }

    /** The parsed seq_golden.json (make_seq_golden.py: recurrent, attention and Transformer layers), read once. */
    public static synchronized Map<String, Object> seq() {
        if (seq == null) {
            seq = map(Json.parse(resource("/golden/seq_golden.json")));
        }
        return seq;
    }

    public static String resource(String name) {
        try (InputStream in = Golden.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- JSON access ----

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    public static int i(Object o) {
        return ((Json.Num) o).asInt();
    }

    public static double d(Object o) {
        if (o instanceof String s) {
            return switch (s) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number: " + s);
            };
        }
        return ((Json.Num) o).asDouble();
    }

    public static int[] ints(Object o) {
        return list(o).stream().mapToInt(Golden::i).toArray();
    }

    // ---- tensors ----

    public static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("dtype " + name);
        };
    }

    /** An encoded tensor as a new Ravel tensor of the same dtype (null stays null). */
    public static Tensor tensor(Object encoded) {
        if (encoded == null) {
            return null;
        }
        Map<String, Object> m = map(encoded);
        int[] shape = ints(m.get("shape"));
        List<Object> data = list(m.get("data"));
        int n = data.size();
        Object flat = switch (dtype((String) m.get("dtype"))) {
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int k = 0; k < n; k++) {
                    Object v = data.get(k);
                    f[k] = v instanceof Json.Num num ? num.asFloat() : (float) d(v);
                }
                yield f;
            }
            case FLOAT64 -> {
                double[] f = new double[n];
                for (int k = 0; k < n; k++) {
                    f[k] = d(data.get(k));
                }
                yield f;
            }
            case INT64 -> {
                long[] f = new long[n];
                for (int k = 0; k < n; k++) {
                    f[k] = ((Json.Num) data.get(k)).asLong();
                }
                yield f;
            }
            case BOOL -> {
                boolean[] f = new boolean[n];
                for (int k = 0; k < n; k++) {
                    f[k] = ((Json.Num) data.get(k)).asInt() != 0;
                }
                yield f;
            }
        };
        return Tensor.of(NDArray.fromArray(flat, shape));
    }

    public static void assertClose(Object expected, Tensor actual, String what) {
        assertClose(expected, actual, RTOL, ATOL, what);
    }

    /**
     * Same dtype and shape, and every element within {@code atol + rtol * |expected|} (NaN matches
     * NaN, infinities must be equal); exact for int64 and bool.
     */
    public static void assertClose(Object expected, Tensor actual, double rtol, double atol, String what) {
        Tensor e = tensor(expected);
        if (actual == null) {
            throw new AssertionFailedError(what + ": expected a tensor of shape " + Arrays.toString(e.shape())
                    + ", got null");
        }
        if (e.dtype() != actual.dtype()) {
            throw new AssertionFailedError(what + ": dtype " + actual.dtype().torchName() + ", expected "
                    + e.dtype().torchName());
        }
        if (!Arrays.equals(e.shape(), actual.shape())) {
            throw new AssertionFailedError(what + ": shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(e.shape()));
        }
        double[] ev = e.data().to(DType.FLOAT64).toDoubleArray();
        double[] av = actual.data().to(DType.FLOAT64).toDoubleArray();
        boolean exact = !e.dtype().isFloatingPoint();
        for (int k = 0; k < ev.length; k++) {
            boolean ok = exact ? ev[k] == av[k] : close(ev[k], av[k], rtol, atol);
            if (!ok) {
                throw new AssertionFailedError(what + ": element " + k + " (of " + ev.length + ", shape "
                        + Arrays.toString(e.shape()) + ") is " + av[k] + ", expected " + ev[k] + " (rtol " + rtol
                        + ", atol " + atol + ")\n  expected " + Arrays.toString(ev) + "\n  actual   "
                        + Arrays.toString(av));
            }
        }
    }

    public static boolean close(double expected, double actual, double rtol, double atol) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= atol + rtol * Math.abs(expected);
    }

    /** Rethrows a failure or an unexpected exception with the case id in front (dynamic tests are named by position in reports). */
    public static void named(String id, org.junit.jupiter.api.function.Executable body) {
        try {
            body.execute();
        } catch (AssertionError e) {
            throw new AssertionFailedError(id + ": " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new AssertionFailedError(id + ": Ravel threw " + e, e);
        }
    }
}
