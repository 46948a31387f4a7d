package dev.ravel.nn.utils;

import static dev.ravel.nn.testing.Golden.assertClose;
import static dev.ravel.nn.testing.Golden.d;
import static dev.ravel.nn.testing.Golden.list;
import static dev.ravel.nn.testing.Golden.map;
import static dev.ravel.nn.testing.Golden.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.nn.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_, clip_grad_value_, parameters_to_vector and vector_to_parameters against PyTorch 1.13. */
class GradUtilsTest {
    private static Map<String, Object> golden() {
        return map(Golden.nn().get("utils"));
    }

    /** The golden parameters with their gradients, and one more parameter that has no gradient. */
    private static List<Tensor> paramsWithGrads() {
        List<Tensor> ps = new ArrayList<>();
        List<Object> grads = list(golden().get("grads"));
        List<Object> params = list(golden().get("params"));
        for (int k = 0; k < params.size(); k++) {
            Tensor p = tensor(params.get(k)).requiresGrad_();
            p.setGrad(tensor(grads.get(k)));
            ps.add(p);
        }
        ps.add(Ravel.zeros(2).requiresGrad_());
        return ps;
    }

    @Test
    void clipGradNormMatchesPyTorchForEveryNormType() {
        for (Object o : list(golden().get("clip_norm"))) {
            Map<String, Object> c = map(o);
            String what = "max_norm " + d(c.get("max_norm")) + " norm_type " + d(c.get("norm_type"));
            List<Tensor> ps = paramsWithGrads();
            Tensor total = GradClipping.clipGradNorm_(ps, d(c.get("max_norm")), d(c.get("norm_type")), false);
            assertClose(c.get("total"), total, what + ": total norm");
            List<Object> grads = list(c.get("grads"));
            for (int k = 0; k < grads.size(); k++) {
                assertClose(grads.get(k), ps.get(k).grad(), what + ": gradient " + k);
            }
            assertNull(ps.get(3).grad(), "a parameter without a gradient keeps none");
        }
    }

    @Test
    void clipGradNormWithNonFiniteGradientsMatchesPyTorch() {
        for (Object o : list(golden().get("clip_norm_nonfinite"))) {
            Map<String, Object> c = map(o);
            String what = "a " + c.get("bad") + " gradient, norm_type " + d(c.get("norm_type"));
            List<Tensor> ps = paramsWithGrads();
            ps.get(1).grad().data().select(0, 2).fill_(d(c.get("bad")));
            Tensor total = GradClipping.clipGradNorm_(ps, 1.0, d(c.get("norm_type")), false);
            assertClose(c.get("total"), total, what + ": total norm");
            List<Object> grads = list(c.get("grads"));
            for (int k = 0; k < 3; k++) {
                assertClose(grads.get(k), ps.get(k).grad(), what + ": gradient " + k);
            }
        }
    }

    @Test
    void clipGradNormErrorIfNonfinite() {
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            List<Tensor> ps = paramsWithGrads();
            ps.get(0).grad().data().select(0, 1).select(0, 1).fill_(bad);
            Tensor before = ps.get(2).grad().clone();
            var e = assertThrows(RuntimeException.class, () -> GradClipping.clipGradNorm_(ps, 1.0, 2, true));
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
            assertTrue(e.getMessage().contains("order 2"), e.getMessage());
            assertTrue(before.equal(ps.get(2).grad()), "gradients untouched");
        }
    }

    @Test
    void clipGradNormOfNoGradientsIsZero() {
        Tensor total = GradClipping.clipGradNorm_(List.of(Ravel.zeros(3).requiresGrad_()), 1.0);
        assertEquals(0.0, total.item());
    }

    @Test
    void clipGradValueMatchesPyTorch() {
        Map<String, Object> c = map(golden().get("clip_value"));
        List<Tensor> ps = paramsWithGrads();
        GradClipping.clipGradValue_(ps, d(c.get("clip")));
        List<Object> grads = list(c.get("grads"));
        for (int k = 0; k < grads.size(); k++) {
            assertClose(grads.get(k), ps.get(k).grad(), 0, 0, "gradient " + k);
        }
    }

    @Test
    void parameterVectorsMatchPyTorch() {
        List<Tensor> ps = new ArrayList<>();
        for (Object p : list(golden().get("params"))) {
            ps.add(tensor(p));
        }
        assertClose(golden().get("vector"), ParameterVectors.parametersToVector(ps), 0, 0, "parameters_to_vector");
        ParameterVectors.vectorToParameters(tensor(golden().get("new_vector")), ps);
        List<Object> expected = list(golden().get("new_params"));
        for (int k = 0; k < ps.size(); k++) {
            assertClose(expected.get(k), ps.get(k), 0, 0, "vector_to_parameters " + k);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParameterVectors.vectorToParameters(Ravel.zeros(5), ps));
        assertTrue(e.getMessage().contains("expected a 1-D vector of 25 elements, got shape [5]"), e.getMessage());
    }

    @Test
    void parametersToVectorIsDifferentiable() {
        Tensor a = Ravel.ones(2, 2).requiresGrad_();
        Tensor b = Ravel.ones(3).requiresGrad_();
        ParameterVectors.parametersToVector(List.of(a, b)).mul(Ravel.arange(0, 7).to(dev.ravel.tensor.DType.FLOAT32))
                .sum().backward();
        assertTrue(a.grad().equal(Ravel.tensor(new float[][] {{0, 1}, {2, 3}})));
        assertTrue(b.grad().equal(Ravel.tensor(4f, 5f, 6f)));
    }
}
