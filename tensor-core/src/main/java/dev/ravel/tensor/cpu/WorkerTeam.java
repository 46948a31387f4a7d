package dev.ravel.tensor.cpu;

import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads of {@link Parallel}: daemon threads that run whatever job was published last.
 * After a job a helper keeps polling for the next one for a short while before it parks, because
 * ops follow each other within microseconds in a training step and waking a parked thread costs
 * tens of microseconds on a virtual machine, more than many ops take. The poll is bounded
 * ({@code -Dravel.spinMicros}, default 50; 0 parks at once), so an idle process uses no CPU.
 */
final class WorkerTeam {
    /** Work a helper can join; it returns when nothing is left to claim. */
    interface Job {
        void work();
    }

    private static final long SPIN_NANOS = Long.getLong("ravel.spinMicros", 50) * 1000;

    private final Helper[] helpers;
    /** The last published job with its sequence number: helpers run each number once. */
    private volatile Published published = new Published(null, 0);
    private volatile boolean shutdown;

    private record Published(Job job, long seq) {
    }

    WorkerTeam(int size) {
        helpers = new Helper[size];
        for (int i = 0; i < size; i++) {
            helpers[i] = new Helper("ravel-intraop-" + i);
            helpers[i].start();
        }
    }

    int size() {
        return helpers.length;
    }

    /** Offers {@code job} to every helper (a helper busy with an older job takes it when done, if still there). */
    void publish(Job job) {
        published = new Published(job, published.seq() + 1);
        for (Helper h : helpers) {
            if (h.parked) {
                LockSupport.unpark(h);
            }
        }
    }

    /** Stops the helpers once they finish what they run now. */
    void shutdown() {
        shutdown = true;
        for (Helper h : helpers) {
            LockSupport.unpark(h);
        }
    }

    private final class Helper extends Thread {
        volatile boolean parked;
        private long seen;

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!shutdown) {
                Published p = awaitNext();
                if (p != null) {
                    seen = p.seq();
                    p.job().work();
                }
            }
        }

        /** The next unseen job, polling for a while and then parking; null on shutdown. */
        private Published awaitNext() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            int polls = 0;
            while (!shutdown) {
                Published p = published;
                if (p.seq() != seen) {
                    return p;
                }
                if (SPIN_NANOS > 0 && ((++polls & 63) != 0 || System.nanoTime() < spinUntil)) {
                    Thread.onSpinWait();
                    continue;
                }
                // Dekker-style hand-off with publish(): announce the park, then look once more.
                parked = true;
                if (published.seq() == seen && !shutdown) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
            return null;
        }
    }
}
