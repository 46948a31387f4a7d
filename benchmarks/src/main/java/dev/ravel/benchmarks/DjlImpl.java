package dev.ravel.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Base of the DJL implementations (PyTorch engine, CPU). libtorch comes from the
 * pytorch-native-cpu jar on the classpath and is extracted to DJL's cache, never downloaded.
 * Results (and intermediates) are closed as soon as they are consumed, as PyTorch frees a
 * tensor when its last reference goes.
 */
abstract class DjlImpl implements LibImpl {
    private static boolean initialised;

    final NDManager manager;

    DjlImpl() {
        init();
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    static synchronized void init() {
        if (!initialised) {
            Bench.ompThreads("djl"); // libtorch's OpenMP runtime, read when it loads
            // The fork arguments set these; defaults for a run without them (e.g. CrossCheck from an IDE).
            System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Bench.THREADS));
            System.setProperty("ai.djl.pytorch.num_interop_threads",
                    System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
            Engine engine = Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(Bench.THREADS);
            System.err.println("[bench] djl: " + engine.getEngineName() + " " + engine.getVersion()
                    + ", intra-op threads " + JniUtils.getNumThreads()
                    + ", inter-op threads " + JniUtils.getNumInteropThreads());
            initialised = true;
        }
    }

    NDArray array(float[] data, int... shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return manager.create(data, new Shape(s));
    }

    @Override
    public void release(Object result) {
        ((NDArray) result).close();
    }

    @Override
    public float[] toFloats(Object result) {
        return ((NDArray) result).toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
