package dev.ravel.tensor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the CPU time of a piece of code goes, kernel by kernel: while a profiler is open, every
 * call the tensor core makes into the CPU backend is timed and counted under its kernel (and op,
 * for the elementwise, reduction and fused kernels), as {@code torch.profiler} groups by aten op.
 * Allocation shows up as the kernels {@code allocate} (zeroed) and {@code allocateUninitialized}.
 * It costs about a microsecond a call, so the totals are for finding the large items, not for timing.
 *
 * <pre>{@code
 * try (KernelProfiler p = KernelProfiler.start()) {
 *     trainStep();
 *     System.out.println(p.table(20));
 * }
 * }</pre>
 */
public final class KernelProfiler implements AutoCloseable {
    private static volatile KernelProfiler active;

    private final Map<String, LongAdder[]> stats = new ConcurrentHashMap<>();
    private final Backend backend;
    private final boolean byShape;

    private KernelProfiler(Backend inner, boolean byShape) {
        this.byShape = byShape;
        backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                new Timing(inner));
    }

    /** Starts profiling the CPU backend (one profiler at a time). */
    public static KernelProfiler start() {
        return start(false);
    }

    /** As {@link #start()}; {@code byShape} also splits each kernel by the shape of its first tensor argument. */
    public static synchronized KernelProfiler start(boolean byShape) {
        if (active != null) {
            throw new IllegalStateException("KernelProfiler.start: a profiler is already open; close it first");
        }
        active = new KernelProfiler(Backends.cpuKernels(), byShape);
        return active;
    }

    /** The backend calls go through while a profiler is open, else null. */
    static Backend activeBackend() {
        KernelProfiler p = active;
        return p == null ? null : p.backend;
    }

    @Override
    public void close() {
        synchronized (KernelProfiler.class) {
            if (active == this) {
                active = null;
            }
        }
    }

    /** Forgets what was counted so far (after a warm-up, say). */
    public void reset() {
        stats.clear();
    }

    /** One row of the table. */
    public record Entry(String kernel, long calls, double totalMillis) {
    }

    /** The kernels by total time, largest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        stats.forEach((k, v) -> out.add(new Entry(k, v[0].sum(), v[1].sum() / 1e6)));
        out.sort((a, b) -> Double.compare(b.totalMillis(), a.totalMillis()));
        return out;
    }

    /** The {@code rows} largest kernels as text: total ms, share, calls, microseconds per call. */
    public String table(int rows) {
        List<Entry> e = entries();
        double total = e.stream().mapToDouble(Entry::totalMillis).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-40s %10s %6s %8s %10s%n", "kernel",
                "total ms", "%", "calls", "us/call"));
        for (Entry x : e.subList(0, Math.min(rows, e.size()))) {
            sb.append(String.format(Locale.ROOT, "%-40s %10.2f %6.1f %8d %10.2f%n", x.kernel(), x.totalMillis(),
                    100 * x.totalMillis() / total, x.calls(), 1000 * x.totalMillis() / Math.max(1, x.calls())));
        }
        sb.append(String.format(Locale.ROOT, "%-40s %10.2f%n", "all kernels", total));
        return sb.toString();
    }

    private final class Timing implements InvocationHandler {
        private final Backend inner;

        Timing(Backend inner) {
            this.inner = inner;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            long t0 = System.nanoTime();
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                long dt = System.nanoTime() - t0;
                LongAdder[] s = stats.computeIfAbsent(key(m, args), k -> new LongAdder[] {new LongAdder(),
                        new LongAdder()});
                s[0].increment();
                s[1].add(dt);
            }
        }

        /** The method, for op-table kernels the op, and when asked the shape of the first tensor argument. */
        private String key(Method m, Object[] args) {
            String name = m.getName();
            if (args == null) {
                return name;
            }
            if (args.length > 0 && args[0] instanceof Enum<?> op) {
                name += "." + op.name().toLowerCase(Locale.ROOT);
            }
            if (byShape) {
                for (Object a : args) {
                    if (a instanceof NDArray x) {
                        return name + " " + Shapes.str(x.shape());
                    }
                }
            }
            return name;
        }
    }
}
