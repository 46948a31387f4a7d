package dev.ravel.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Intra-op parallelism: a team of helper threads (see {@link WorkerTeam}) that with the caller
 * makes one thread per core, work split into at most that many chunks,
 * and only when each chunk gets at least a grain of work, so small ops stay on the calling
 * thread. Chunks are claimed from a shared counter, so a caller whose helpers are slow to wake
 * does the work itself instead of waiting for them. Nested calls run inline.
 */
public final class Parallel {
    /** A body over the element range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile WorkerTeam team = new WorkerTeam(threads - 1);
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Parallel() {
    }

    public static int numThreads() {
        return threads;
    }

    /** Sets the number of threads of intra-op work, GEMMs included (the caller counts as one). */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setNumThreads: expected a positive number of threads, got " + n);
        }
        if (n == threads) {
            return;
        }
        WorkerTeam old = team;
        team = new WorkerTeam(n - 1);
        threads = n;
        old.shutdown();
    }

    /** True on a thread running a chunk of a parallel region (where nested work runs inline). */
    static boolean insideParallelRegion() {
        return INSIDE.get();
    }

    /** Runs body with intra-op parallelism off on this thread (for threads that are themselves workers). */
    public static <T> T serially(java.util.function.Supplier<T> body) {
        boolean outer = !INSIDE.get();
        INSIDE.set(Boolean.TRUE);
        try {
            return body.get();
        } finally {
            if (outer) {
                INSIDE.set(Boolean.FALSE);
            }
        }
    }

    /** Runs {@code body} over {@code [0, total)}, in parallel when each thread gets at least {@code grain}. */
    public static void forRange(int total, int grain, RangeBody body) {
        int chunks = (int) Math.min(threads, total / (long) Math.max(grain, 1));
        if (chunks <= 1 || INSIDE.get()) {
            if (total > 0) {
                body.run(0, total);
            }
            return;
        }
        Job job = new Job(total, chunks, body);
        team.publish(job);
        job.work();
        job.awaitAndRethrow();
    }

    private static final class Job implements WorkerTeam.Job {
        final int total;
        final int chunks;
        final RangeBody body;
        final AtomicInteger nextChunk = new AtomicInteger();
        final AtomicInteger doneChunks = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread owner = Thread.currentThread();

        Job(int total, int chunks, RangeBody body) {
            this.total = total;
            this.chunks = chunks;
            this.body = body;
        }

        @Override
        public void work() {
            boolean outer = !INSIDE.get();
            INSIDE.set(Boolean.TRUE);
            try {
                int c;
                while ((c = nextChunk.getAndIncrement()) < chunks) {
                    int start = (int) ((long) total * c / chunks);
                    int end = (int) ((long) total * (c + 1) / chunks);
                    try {
                        if (failure.get() == null) {
                            body.run(start, end);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        if (doneChunks.incrementAndGet() == chunks && Thread.currentThread() != owner) {
                            LockSupport.unpark(owner);
                        }
                    }
                }
            } finally {
                if (outer) {
                    INSIDE.set(Boolean.FALSE);
                }
            }
        }

        void awaitAndRethrow() {
            // Chunks still running were claimed by helpers mid-work; they finish soon.
            int spins = 0;
            while (doneChunks.get() < chunks) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000);
                }
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
