package dev.ravel.tensor;

import static dev.ravel.tensor.Check.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Device names as PyTorch spells them, and the CPU backend behind every CPU array. */
class DeviceTest {

    @Test
    void parsesAndPrintsTorchSpellings() {
        assertEquals(Device.CPU, Device.of("cpu"));
        assertEquals(Device.CPU, Device.of(" CPU "));
        assertEquals(Device.cuda(), Device.of("cuda"));
        assertEquals(Device.cuda(1), Device.of("cuda:1"));
        assertEquals("cpu", Device.CPU.toString());
        assertEquals("cuda:2", Device.cuda(2).toString());
        assertTrue(Device.CPU.isCpu());
        assertFalse(Device.cuda().isCpu());
        fails(IllegalArgumentException.class, () -> Device.of("cuda:x"), "Device", "cuda:x");
        fails(IllegalArgumentException.class, () -> Device.cuda(-1), "Device", "-1");
    }

    @Test
    void cpuArraysLiveOnTheCpuBackend() {
        NDArray x = NDArray.ones(2, 2);
        assertEquals(Device.CPU, x.device());
        assertSame(Backends.cpu(), x.backend());
        assertSame(x, x.to(Device.CPU));
        assertTrue(Backends.isAvailable(Device.Type.CPU));
        assertEquals(Device.CPU, Backends.cpu().device());
    }
}
