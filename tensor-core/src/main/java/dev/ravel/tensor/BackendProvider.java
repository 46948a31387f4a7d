package dev.ravel.tensor;

/**
 * Makes the backend of a non-CPU device type; listed in
 * {@code META-INF/services/dev.ravel.tensor.BackendProvider} of the module that has it (cuda-backend).
 */
public interface BackendProvider {
    Device.Type type();

    /** Null when usable here, else why not (no driver, no device), for the error message. */
    String unavailableReason();

    Backend create(int index);
}
