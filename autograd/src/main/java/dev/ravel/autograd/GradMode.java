package dev.ravel.autograd;

/**
 * Whether ops record a graph, per thread (PyTorch's grad mode). {@code try (var g = GradMode.disable())}
 * turns recording off in a block and restores the previous state on close.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns the previous one. */
    public static boolean set(boolean enabled) {
        boolean[] s = ENABLED.get();
        boolean prev = s[0];
        s[0] = enabled;
        return prev;
    }

    /** Restores the previous mode when closed. */
    public static final class Guard implements AutoCloseable {
        private final boolean previous;
        private final Thread owner = Thread.currentThread();

        private Guard(boolean enabled) {
            previous = set(enabled);
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("GradMode guard closed on another thread than the one that opened it");
            }
            set(previous);
        }
    }

    /** {@code torch.no_grad()}. */
    public static Guard disable() {
        return new Guard(false);
    }

    /** {@code torch.enable_grad()}. */
    public static Guard enable() {
        return new Guard(true);
    }
}
