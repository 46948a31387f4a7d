package dev.ravel.autograd;

/** Returned by hook registration; {@link #remove()} unregisters the hook. */
@FunctionalInterface
public interface RemovableHandle {
    void remove();
}
