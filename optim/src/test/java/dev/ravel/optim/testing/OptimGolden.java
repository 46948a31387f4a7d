package dev.ravel.optim.testing;

import dev.ravel.Tensor;
import dev.ravel.tensor.testing.Json;
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
 * Reads optim_golden.json, written by nn/src/test/resources/golden/make_nn_golden.py with real
 * PyTorch 1.13: optimizer trajectories and lr scheduler sequences.
 */
public final class OptimGolden {
    private static Map<String, Object> root;

    private OptimGolden() {
    }

    public static synchronized Map<String, Object> get() {
        if (root == null) {
            try (InputStream in = OptimGolden.class.getResourceAsStream("/golden/optim_golden.json")) {
                if (in == null) {
                    throw new IOException("/golden/optim_golden.json not on the test classpath");
                }
                root = map(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    public static double d(Object o) {
        return ((Json.Num) o).asDouble();
    }

    public static int i(Object o) {
        return ((Json.Num) o).asInt();
    }

    /** A JSON value as a Java option value: numbers as Double, booleans as Boolean. */
    public static Object option(Object o) {
        return o instanceof Json.Num n ? (Object) n.asDouble() : o;
    }

    /** An encoded float32 tensor. */
    public static Tensor tensor(Object encoded) {
        Map<String, Object> m = map(encoded);
        if (!"float32".equals(m.get("dtype"))) {
            throw new IllegalArgumentException("expected float32, got " + m.get("dtype"));
        }
        int[] shape = list(m.get("shape")).stream().mapToInt(OptimGolden::i).toArray();
        List<Object> data = list(m.get("data"));
        float[] f = new float[data.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = ((Json.Num) data.get(k)).asFloat();
        }
        return Tensor.of(NDArray.fromArray(f, shape));
    }

    /** Every element within atol + rtol * |expected|; returns the largest relative error seen. */
    public static double assertClose(Object expected, Tensor actual, double rtol, double atol, String what) {
        Tensor e = tensor(expected);
        if (!Arrays.equals(e.shape(), actual.shape())) {
            throw new AssertionFailedError(what + ": shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(e.shape()));
        }
        double[] ev = e.toDoubleArray();
        double[] av = actual.contiguous().toDoubleArray();
        double worst = 0;
        for (int k = 0; k < ev.length; k++) {
            double err = Math.abs(ev[k] - av[k]);
            if (!(err <= atol + rtol * Math.abs(ev[k]))) {
                throw new AssertionFailedError(what + ": element " + k + " is " + av[k] + ", expected " + ev[k]
                        + " (rtol " + rtol + ", atol " + atol + ")\n  expected " + Arrays.toString(ev)
                        + "\n  actual   " + Arrays.toString(av));
            }
            worst = Math.max(worst, err / Math.max(Math.abs(ev[k]), 1e-30));
        }
        return worst;
    }
}
