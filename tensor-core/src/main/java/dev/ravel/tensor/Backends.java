package dev.ravel.tensor;

import dev.ravel.tensor.cpu.CpuBackend;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the backend of a device: the CPU one always, others through {@link BackendProvider}s. */
public final class Backends {
    private static final Map<Device, Backend> CACHE = new ConcurrentHashMap<>();

    private Backends() {
    }

    public static Backend cpu() {
        Backend profiled = KernelProfiler.activeBackend();
        return profiled != null ? profiled : CpuBackend.INSTANCE;
    }

    /** The CPU kernels themselves, never a profiler's wrapper. */
    static Backend cpuKernels() {
        return CpuBackend.INSTANCE;
    }

    public static Backend of(Device device) {
        if (device.isCpu()) {
            return cpu();
        }
        return CACHE.computeIfAbsent(device, Backends::create);
    }

    /** True when a backend for this device type is on the class path and usable. */
    public static boolean isAvailable(Device.Type type) {
        if (type == Device.Type.CPU) {
            return true;
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() == type && p.unavailableReason() == null) {
                return true;
            }
        }
        return false;
    }

    private static Backend create(Device device) {
        String reason = "no backend for " + device.type() + " is on the class path (add the ravel-cuda-backend dependency)";
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() == device.type()) {
                String why = p.unavailableReason();
                if (why == null) {
                    return p.create(device.index());
                }
                reason = why;
            }
        }
        throw new IllegalStateException("to(" + device + "): device " + device + " is not available: " + reason);
    }
}
