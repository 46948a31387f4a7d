package dev.ravel.autograd;

/**
 * {@code torch.autograd.detect_anomaly}: nodes remember where their forward op ran, and the first
 * NaN or infinity a backward function produces fails with the name of that op and its stack.
 * Process-wide, as in PyTorch; it slows every op, so it is for debugging.
 */
public final class AnomalyMode {
    private static volatile boolean enabled;

    private AnomalyMode() {
    }

    public static boolean isEnabled() {
        return enabled;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Turns anomaly detection on until closed. */
    public static AutoCloseable enable() {
        boolean prev = enabled;
        enabled = true;
        return () -> enabled = prev;
    }
}
