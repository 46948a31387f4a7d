package dev.ravel.nn.init;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.i;
import static dev.ravel.nn.testing.Golden.ints;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import dev.ravel.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * torch.nn.init against PyTorch 1.13: fans as {@code _calculate_fan_in_and_fan_out}, gains as
 * {@code calculate_gain}, and the values every init function writes after the same seed (exact
 * for uniform, normal, constant, xavier and kaiming; orthogonal within float tolerance, its QR
 * being computed differently, and orthonormal).
 */
class InitTest {
    private static Map<String, Object> golden() {
        return map(Golden.nn().get("init"));
    }

    @Test
    void fansMatchPyTorch() {
        for (Object o : list(golden().get("fans"))) {
            Map<String, Object> c = map(o);
            Init.Fans f = Init.fans(Ravel.zeros(ints(c.get("shape"))));
            assertEquals(i(c.get("fan_in")), f.fanIn(), "fan_in of " + c.get("shape"));
            assertEquals(i(c.get("fan_out")), f.fanOut(), "fan_out of " + c.get("shape"));
        }
    }

    @Test
    void fansNeedTwoDimensions() {
        var e = assertThrows(IllegalArgumentException.class, () -> Init.fans(Ravel.zeros(5)));
        assertTrue(e.getMessage().contains("fewer than 2 dimensions"), e.getMessage());
    }

    @Test
    void gainsMatchPyTorch() {
        for (Object o : list(golden().get("gains"))) {
            Map<String, Object> c = map(o);
            String nl = (String) c.get("nonlinearity");
            double gain = c.get("param") == null ? Init.calculateGain(nl) : Init.calculateGain(nl, d(c.get("param")));
            assertEquals(d(c.get("gain")), gain, 1e-15, "gain of " + nl + " " + c.get("param"));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("softsign"));
        assertTrue(e.getMessage().contains("softsign"), e.getMessage());
    }

    @TestFactory
    List<DynamicNode> initialisersDrawAsPyTorchAfterTheSameSeed() {
        List<DynamicNode> out = new ArrayList<>();
        for (Object o : list(golden().get("dists"))) {
            Map<String, Object> c = map(o);
            String name = c.get("fn") + " " + c.get("shape") + " " + c.get("args");
            out.add(DynamicTest.dynamicTest(name, () -> Golden.named(name, () -> {
                Tensor t = Ravel.empty(ints(c.get("shape")));
                Map<String, Object> a = map(c.get("args"));
                Ravel.manualSeed(i(c.get("seed")));
                Tensor r = apply((String) c.get("fn"), t, a);
                assertTrue(r == t, "returns its argument");
                boolean orthogonal = c.get("fn").equals("orthogonal_");
                assertClose(c.get("out"), t, orthogonal ? 1e-5 : 0, orthogonal ? 1e-6 : 0, "values");
            })));
        }
        return out;
    }

    private static Tensor apply(String fn, Tensor t, Map<String, Object> a) {
        return switch (fn) {
            case "uniform_" -> Init.uniform_(t, num(a, "a", 0), num(a, "b", 1));
            case "normal_" -> Init.normal_(t, num(a, "mean", 0), num(a, "std", 1));
            case "constant_" -> Init.constant_(t, num(a, "val", Double.NaN));
            case "zeros_" -> Init.zeros_(t);
            case "ones_" -> Init.ones_(t);
            case "xavier_uniform_" -> Init.xavierUniform_(t, num(a, "gain", 1));
            case "xavier_normal_" -> Init.xavierNormal_(t, num(a, "gain", 1));
            case "kaiming_uniform_" -> Init.kaimingUniform_(t, num(a, "a", 0), str(a, "mode", "fan_in"),
                    str(a, "nonlinearity", "leaky_relu"));
            case "kaiming_normal_" -> Init.kaimingNormal_(t, num(a, "a", 0), str(a, "mode", "fan_in"),
                    str(a, "nonlinearity", "leaky_relu"));
            case "orthogonal_" -> Init.orthogonal_(t, num(a, "gain", 1));
            default -> throw new IllegalArgumentException(fn);
        };
    }

    private static double num(Map<String, Object> a, String k, double dflt) {
        return a.containsKey(k) ? d(a.get(k)) : dflt;
    }

    private static String str(Map<String, Object> a, String k, String dflt) {
        return a.containsKey(k) ? (String) a.get(k) : dflt;
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        Ravel.manualSeed(7);
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {5, 5}, {3, 2, 2}, {1, 3}}) {
            Tensor w = Init.orthogonal_(Ravel.empty(shape), 1.0).reshape(shape[0], -1).to(DType.FLOAT64);
            // Tall: Q^T Q = I; wide: Q Q^T = I.
            Tensor gram = w.size(0) >= w.size(1) ? w.t().matmul(w) : w.matmul(w.t());
            Tensor eye = Ravel.eye(gram.size(0)).to(DType.FLOAT64);
            assertTrue(gram.allclose(eye, 0, 1e-6), "Q^T Q = I for " + java.util.Arrays.toString(shape) + ": " + gram);
        }
        Tensor scaled = Init.orthogonal_(Ravel.empty(4, 4), 2.0).to(DType.FLOAT64);
        assertTrue(scaled.t().matmul(scaled).allclose(Ravel.eye(4).to(DType.FLOAT64).mul(4.0), 0, 1e-5));
    }

    @Test
    void initialisersRecordNoGraphAndKeepRequiresGrad() {
        Tensor p = Ravel.zeros(3, 4).requiresGrad_();
        Init.kaimingUniform_(p, Math.sqrt(5), "fan_in", "leaky_relu");
        assertTrue(p.isLeaf() && p.requiresGrad());
        var e = assertThrows(IllegalArgumentException.class, () -> Init.kaimingNormal_(p, 0, "fan_avg", "relu"));
        assertTrue(e.getMessage().contains("fan_avg"), e.getMessage());
    }
}
