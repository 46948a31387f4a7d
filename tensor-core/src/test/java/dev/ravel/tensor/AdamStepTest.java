package dev.ravel.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NDArray.adamStep_: the same numbers as the three-op update, in both float dtypes, and its error paths. */
class AdamStepTest {

    /** Ten steps fused and unfused from the same start; both dtypes. */
    @Test
    void matchesTheUnfusedUpdateOverSeveralSteps() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int[] shape = {37, 41};   // parallel chunks and vector tails
            NDArray p1 = NDArray.randn(shape, dt, new Generator(1));
            NDArray p2 = p1.clone();
            NDArray m1 = NDArray.zeros(shape, dt, Device.CPU);
            NDArray v1 = NDArray.zeros(shape, dt, Device.CPU);
            NDArray m2 = m1.clone();
            NDArray v2 = v1.clone();
            Generator gen = new Generator(2);
            for (int t = 1; t <= 10; t++) {
                NDArray g = NDArray.randn(shape, dt, gen);
                double bc1 = 1 - Math.pow(0.9, t);
                double bc2Sqrt = Math.sqrt(1 - Math.pow(0.999, t));
                int version = p1.storage().version();
                p1.adamStep_(g, m1, v1, 0.9, 0.999, -1e-2 / bc1, 1 / bc2Sqrt, 1e-8);
                assertTrue(p1.storage().version() > version, "an in-place op bumps the version");
                m2.lerp_(g, 0.1);
                v2.mulAddcmul_(0.999, g, g, 0.001);
                p2.addcdivSqrt_(m2, v2, -1e-2 / bc1, 1 / bc2Sqrt, 1e-8);
            }
            double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
            assertArrayEquals(m2.toDoubleArray(), m1.toDoubleArray(), tol, dt + " exp_avg");
            assertArrayEquals(v2.toDoubleArray(), v1.toDoubleArray(), tol, dt + " exp_avg_sq");
            assertArrayEquals(p2.toDoubleArray(), p1.toDoubleArray(), tol, dt + " param");
        }
    }

    @Test
    void subnormalMomentsBecomeZeroInFloat64Too() {
        NDArray p = NDArray.of(new double[] {1, 1});
        NDArray g = NDArray.of(new double[] {0, 1e-200});
        NDArray m = NDArray.of(new double[] {1e-308, 0});
        NDArray v = NDArray.of(new double[] {1e-308, 0});
        p.adamStep_(g, m, v, 0.9, 0.999, -1e-3, 1, 1e-8);
        assertEquals(0.0, m.toDoubleArray()[0]);
        assertEquals(0.0, v.toDoubleArray()[0]);
        assertEquals(1e-201, m.toDoubleArray()[1], 1e-215);
        assertEquals(0.0, v.toDoubleArray()[1], "1e-403 underflows");
    }

    @Test
    void rejectsMismatchedOrStridedOperands() {
        NDArray p = NDArray.zeros(2, 3);
        NDArray ok = NDArray.zeros(2, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> p.adamStep_(NDArray.zeros(3, 2), ok, ok.clone(), 0.9, 0.999, -1e-3, 1, 1e-8));
        assertTrue(shape.getMessage().contains("adam_step") && shape.getMessage().contains("[3, 2]"), shape.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> p.adamStep_(ok, NDArray.zeros(DType.FLOAT64, 2, 3), ok.clone(), 0.9, 0.999, -1e-3, 1, 1e-8));
        assertTrue(dtype.getMessage().contains("FLOAT64"), dtype.getMessage());
        IllegalArgumentException strided = assertThrows(IllegalArgumentException.class,
                () -> p.adamStep_(ok, ok.clone(), NDArray.zeros(3, 2).t(), 0.9, 0.999, -1e-3, 1, 1e-8));
        assertTrue(strided.getMessage().contains("not contiguous"), strided.getMessage());
        NDArray ints = NDArray.zeros(DType.INT64, 2);
        assertThrows(IllegalArgumentException.class,
                () -> ints.adamStep_(ints.clone(), ints.clone(), ints.clone(), 0.9, 0.999, -1e-3, 1, 1e-8));
    }
}
