package dev.ravel.benchmarks;

/**
 * One library's implementation of one workload: holds the inputs in that library's arrays. The
 * workload interfaces (e.g. {@code W1Matmul.Impl}) extend this with one method per case, each
 * returning the library's own result array.
 */
interface LibImpl extends AutoCloseable {
    /** Frees a result right away where the library allows it (PyTorch frees on refcount drop). */
    void release(Object result);

    /** A result's elements in row-major order, for {@link CrossCheck}. */
    float[] toFloats(Object result);

    /** Frees the inputs. */
    @Override
    void close();
}
