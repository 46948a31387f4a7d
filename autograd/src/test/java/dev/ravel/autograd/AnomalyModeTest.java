package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** detect_anomaly: a NaN or infinity produced in backward names the node and carries its forward trace. */
class AnomalyModeTest {

    private static boolean traceMentions(Throwable t, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().contains(method));
    }

    @Test
    void offByDefault() {
        assertFalse(AnomalyMode.isEnabled());
        Tensor x = Tensor.of(NDArray.of(0.0, 4.0)).requiresGrad_();
        x.sqrt().sum().backward();
        assertTrue(Double.isInfinite(x.grad().toDoubleArray()[0]), "without anomaly mode the inf goes through");
        assertEquals(0.25, x.grad().toDoubleArray()[1]);
    }

    @Test
    void nanInBackwardNamesTheNodeAndItsForward() throws Exception {
        try (var on = Ravel.detectAnomaly()) {
            assertTrue(AnomalyMode.isEnabled());
            Tensor x = Tensor.of(NDArray.of(0.0, 4.0)).requiresGrad_();
            Tensor y = sqrtInForward(x).mul(0.0).sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("Function 'SqrtBackward0' returned nan or inf values in its 0th output"),
                    e.getMessage());
            Throwable cause = e.getCause();
            assertNotNull(cause, "the forward trace");
            assertTrue(cause.getMessage().contains("SqrtBackward0"), cause.getMessage());
            assertTrue(traceMentions(cause, "sqrtInForward"), "the cause's stack is where the forward op ran");
        }
        assertFalse(AnomalyMode.isEnabled(), "restored when closed");
    }

    private static Tensor sqrtInForward(Tensor x) {
        return x.sqrt();
    }

    @Test
    void logOfANegativeNumber() throws Exception {
        try (var on = Ravel.detectAnomaly()) {
            Tensor x = Tensor.of(NDArray.of(-1.0, 2.0)).requiresGrad_();
            Tensor y = x.log().mul(x.mul(0.0)).sum();
            // forward NaN (log of -1) times 0 in the backward of mul: MulBackward0 produces the NaN first
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("Function 'MulBackward0' returned nan or inf values"), e.getMessage());
            assertNotNull(e.getCause());
        }
    }

    @Test
    void setDetectAnomalyAndFiniteBackwards() {
        Ravel.setDetectAnomaly(true);
        try {
            Tensor x = Tensor.of(NDArray.of(1.0, 4.0)).requiresGrad_();
            x.sqrt().sum().backward();
            assertEquals(0.5, x.grad().toDoubleArray()[0]);
            assertNotNull(x.sqrt().gradFn().forwardTrace(), "nodes remember their forward in anomaly mode");
        } finally {
            Ravel.setDetectAnomaly(false);
        }
        Tensor x = Tensor.of(NDArray.of(1.0)).requiresGrad_();
        assertEquals(null, x.sqrt().gradFn().forwardTrace(), "and only then");
    }
}
