package dev.ravel.data;

import dev.ravel.tensor.Generator;
import java.util.function.Supplier;

/**
 * Where random transforms draw from: the generator the DataLoader gives the batch being built
 * (seeded from the epoch seed and the batch index, so results do not depend on which worker
 * thread builds which batch, nor on how many there are), or the default generator outside one.
 */
public final class RandomContext {
    private static final ThreadLocal<Generator> CURRENT = new ThreadLocal<>();

    private RandomContext() {
    }

    public static Generator generator() {
        Generator g = CURRENT.get();
        return g != null ? g : Generator.defaultGenerator();
    }

    /** Runs body with g as this thread's transform generator. */
    public static <T> T with(Generator g, Supplier<T> body) {
        Generator prev = CURRENT.get();
        CURRENT.set(g);
        try {
            return body.get();
        } finally {
            if (prev == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(prev);
            }
        }
    }
}
