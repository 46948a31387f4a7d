package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** noGrad / enableGrad: nesting, restoring, and the mode being per thread. */
class GradModeTest {

    private static Tensor leaf() {
        return Tensor.of(NDArray.of(1.0, 2.0)).requiresGrad_();
    }

    @Test
    void noGradStopsRecording() {
        Tensor x = leaf();
        assertTrue(Ravel.isGradEnabled());
        Tensor y;
        try (var g = Ravel.noGrad()) {
            assertFalse(Ravel.isGradEnabled());
            y = x.mul(2).exp();
        }
        assertTrue(Ravel.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(y.isLeaf());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void nesting() {
        Tensor x = leaf();
        try (var outer = Ravel.noGrad()) {
            try (var inner = Ravel.enableGrad()) {
                assertTrue(Ravel.isGradEnabled());
                assertTrue(x.mul(2).requiresGrad());
                try (var innermost = Ravel.noGrad()) {
                    assertFalse(x.mul(2).requiresGrad());
                }
                assertTrue(Ravel.isGradEnabled());
            }
            assertFalse(Ravel.isGradEnabled());
            try (var again = Ravel.noGrad()) {
                assertFalse(Ravel.isGradEnabled());
            }
            assertFalse(Ravel.isGradEnabled(), "closing a nested noGrad keeps the outer one");
        }
        assertTrue(Ravel.isGradEnabled());
    }

    @Test
    void restoredWhenTheBlockThrows() {
        assertThrows(IllegalStateException.class, () -> {
            try (var g = Ravel.noGrad()) {
                throw new IllegalStateException("boom");
            }
        });
        assertTrue(Ravel.isGradEnabled());
    }

    @Test
    void setGradEnabled() {
        Ravel.setGradEnabled(false);
        try {
            assertFalse(leaf().mul(2).requiresGrad());
        } finally {
            Ravel.setGradEnabled(true);
        }
        assertTrue(leaf().mul(2).requiresGrad());
    }

    @Test
    void backwardRunsWithGradModeOffUnlessCreateGraph() {
        Tensor x = leaf();
        boolean[] modeInHook = new boolean[2];
        x.registerHook(g -> {
            modeInHook[0] = Ravel.isGradEnabled();
            return null;
        });
        x.mul(2).sum().backward();
        assertFalse(modeInHook[0]);
        assertTrue(Ravel.isGradEnabled(), "restored after backward");
        Tensor z = leaf();
        z.registerHook(g -> {
            modeInHook[1] = Ravel.isGradEnabled();
            return null;
        });
        z.square().sum().backward(null, false, true);
        assertTrue(modeInHook[1]);
        // backward under noGrad still computes gradients, and leaves the mode off
        Tensor w = leaf();
        Tensor y = w.square().sum();
        try (var g = Ravel.noGrad()) {
            y.backward();
            assertFalse(Ravel.isGradEnabled());
        }
        assertEquals(4.0, w.grad().toDoubleArray()[1]);
    }

    @Test
    void theModeIsPerThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Tensor x = leaf();
            CountDownLatch inNoGrad = new CountDownLatch(1);
            CountDownLatch checked = new CountDownLatch(1);
            Future<Boolean> other = pool.submit(() -> {
                inNoGrad.await();
                boolean records = Ravel.isGradEnabled() && x.mul(2).requiresGrad();
                checked.countDown();
                return records;
            });
            try (var g = Ravel.noGrad()) {
                inNoGrad.countDown();
                assertTrue(checked.await(10, TimeUnit.SECONDS));
                assertFalse(x.mul(2).requiresGrad());
            }
            assertTrue(other.get(), "another thread still records while this one is in noGrad");

            // and the other way round: noGrad in the other thread does not reach this one
            Future<Boolean> off = pool.submit(() -> {
                Ravel.setGradEnabled(false);
                return Ravel.isGradEnabled();
            });
            assertFalse(off.get());
            assertTrue(Ravel.isGradEnabled());
            assertTrue(x.mul(2).requiresGrad());
            assertFalse(pool.submit(Ravel::isGradEnabled).get(), "the pool thread kept its own mode");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGuardMustBeClosedOnItsThread() throws Exception {
        GradMode.Guard g = GradMode.disable();
        try {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = pool.submit(g::close);
                Exception e = assertThrows(Exception.class, f::get);
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            } finally {
                pool.shutdownNow();
            }
        } finally {
            g.close();
        }
        assertTrue(Ravel.isGradEnabled());
    }
}
