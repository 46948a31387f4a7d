package dev.ravel.data;

import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.Parallelism;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches of a dataset, like {@code torch.utils.data.DataLoader}: batch size, a shuffle that draws
 * a new reproducible permutation every epoch, drop-last, a collate function, and background
 * workers that build batches ahead of the training loop (in order). Each batch's random
 * transforms draw from a generator seeded by the epoch and the batch number, so the same seed
 * gives the same batches with 0 or 8 workers.
 *
 * <pre>{@code
 * try (var loader = DataLoader.ofSamples(train).batchSize(64).shuffle(true).numWorkers(2).build()) {
 *     for (int epoch = 0; epoch < 5; epoch++) {
 *         for (Sample batch : loader) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Workers are daemon threads that die when idle for a few seconds; {@link #close()} stops them
 * at once (an abandoned epoch's pending batches are cancelled when the next epoch starts, and its
 * iterator then fails with an IllegalStateException rather than yield batches of a dead epoch).
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
    private final Dataset<T> dataset;
    private final Function<List<T>, B> collate;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int numWorkers;
    private final int prefetchFactor;
    private final Generator generator;
    private ThreadPoolExecutor pool;
    /** The pool's threads, so that close() can wait for them to end. */
    private final List<Thread> workerThreads = new ArrayList<>();
    private Epoch current;
    private boolean closed;

    private DataLoader(Builder<T, B> b) {
        this.dataset = b.dataset;
        this.collate = b.collate;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.numWorkers = b.numWorkers;
        this.prefetchFactor = b.prefetchFactor;
        this.generator = b.generator;
    }

    /** A loader of Sample datasets, batches stacked into one Sample. */
    public static Builder<Sample, Sample> ofSamples(Dataset<Sample> dataset) {
        return new Builder<>(dataset, Collate.samples());
    }

    /** A loader of tensor-row datasets (TensorDataset), batches stacked column by column. */
    public static Builder<Tensor[], Tensor[]> ofTensors(Dataset<Tensor[]> dataset) {
        return new Builder<>(dataset, Collate.tensors());
    }

    public static <T, B> Builder<T, B> of(Dataset<T> dataset, Function<List<T>, B> collate) {
        return new Builder<>(dataset, collate);
    }

    /** Options; PyTorch's defaults: batch 1, no shuffle, keep the last partial batch, no workers. */
    public static final class Builder<T, B> {
        private final Dataset<T> dataset;
        private final Function<List<T>, B> collate;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private int numWorkers;
        private int prefetchFactor = 2;
        private Generator generator;

        private Builder(Dataset<T> dataset, Function<List<T>, B> collate) {
            this.dataset = dataset;
            this.collate = collate;
        }

        public Builder<T, B> batchSize(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer value, but got "
                        + "batch_size=" + n);
            }
            batchSize = n;
            return this;
        }

        public Builder<T, B> shuffle(boolean on) {
            shuffle = on;
            return this;
        }

        public Builder<T, B> dropLast(boolean on) {
            dropLast = on;
            return this;
        }

        public Builder<T, B> numWorkers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("DataLoader: num_workers option should be non-negative, got " + n);
            }
            numWorkers = n;
            return this;
        }

        /** Batches each worker keeps ready ahead of the loop. */
        public Builder<T, B> prefetchFactor(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("DataLoader: prefetch_factor should be positive, got " + n);
            }
            prefetchFactor = n;
            return this;
        }

        /** The generator for shuffling and transform seeds; the default generator when not set. */
        public Builder<T, B> generator(Generator g) {
            generator = g;
            return this;
        }

        public DataLoader<T, B> build() {
            return new DataLoader<>(this);
        }
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset<T> dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** A new epoch: a new order (when shuffling) and fresh transform seeds. */
    @Override
    public synchronized Iterator<B> iterator() {
        if (closed) {
            throw new IllegalStateException("DataLoader: closed");
        }
        if (current != null) {
            current.cancel();
        }
        Generator g = generator != null ? generator : Generator.defaultGenerator();
        // As PyTorch: the epoch's base seed first, then the sampler's permutation.
        long baseSeed = g.random64();
        int[] order = order(g);
        current = new Epoch(order, baseSeed);
        return current;
    }

    private int[] order(Generator g) {
        int n = dataset.size();
        int[] order = new int[n];
        if (!shuffle) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
        Generator sampler = generator != null ? generator : new Generator(Generator.defaultGenerator().random64());
        long[] perm = new long[n];
        sampler.fillPermutation(perm, 0, n);
        for (int i = 0; i < n; i++) {
            order[i] = (int) perm[i];
        }
        return order;
    }

    private synchronized ThreadPoolExecutor pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory f = r -> {
                Thread t = new Thread(r, "ravel-dataloader-" + count.incrementAndGet());
                t.setDaemon(true);
                synchronized (workerThreads) {
                    workerThreads.removeIf(w -> w.getState() == Thread.State.TERMINATED);   // timed out when idle
                    workerThreads.add(t);
                }
                return t;
            };
            pool = new ThreadPoolExecutor(numWorkers, numWorkers, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), f);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    private B build(int[] order, int batch, long baseSeed) {
        int from = batch * batchSize;
        int to = Math.min(order.length, from + batchSize);
        List<T> items = new ArrayList<>(to - from);
        Generator g = new Generator(baseSeed + batch);
        return RandomContext.with(g, () -> {
            for (int i = from; i < to; i++) {
                items.add(dataset.get(order[i]));
            }
            return collate.apply(items);
        });
    }

    /** Stops the workers; the loader cannot be iterated afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.cancel();
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                pool.awaitTermination(10, TimeUnit.SECONDS);
                // The pool terminates as its last worker leaves its loop, a moment before that thread ends: join
                // them, so that no worker is alive once close() returns.
                List<Thread> threads;
                synchronized (workerThreads) {
                    threads = List.copyOf(workerThreads);
                    workerThreads.clear();
                }
                for (Thread t : threads) {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        t.join(Duration.ofNanos(left));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
    }

    /**
     * One pass over the data. It is over once a newer epoch starts or the loader is closed: its
     * pending batches are cancelled and next() says so (it used to fail with a NullPointerException
     * and, after close, start a new worker pool).
     */
    private final class Epoch implements Iterator<B> {
        private final int[] order;
        private final long baseSeed;
        private final int batches;
        /** Taken once, under the loader's lock, so that next() never needs that lock (close() holds it to cancel). */
        private final ThreadPoolExecutor executor;
        private final ArrayDeque<Future<B>> pending = new ArrayDeque<>();
        private int nextToSubmit;
        private int nextToReturn;
        private boolean cancelled;

        Epoch(int[] order, long baseSeed) {
            this.order = order;
            this.baseSeed = baseSeed;
            this.batches = numBatches();
            this.executor = numWorkers > 0 ? pool() : null;
            if (numWorkers > 0) {
                int ahead = Math.min(batches, numWorkers * prefetchFactor);
                for (int i = 0; i < ahead; i++) {
                    submit();
                }
            }
        }

        private void submit() {
            int b = nextToSubmit++;
            pending.add(executor.submit(() -> Parallelism.serially(() -> build(order, b, baseSeed))));
        }

        @Override
        public boolean hasNext() {
            return nextToReturn < batches;
        }

        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int b;
            Future<B> f = null;
            synchronized (this) {
                if (cancelled) {
                    throw new IllegalStateException("DataLoader: this iterator's epoch is over: a newer iterator() was"
                            + " started or the loader was closed");
                }
                b = nextToReturn++;
                if (numWorkers > 0) {
                    f = pending.poll();
                    if (nextToSubmit < batches) {
                        submit();
                    }
                }
            }
            if (f == null) {
                return build(order, b, baseSeed);
            }
            try {
                return f.get();
            } catch (CancellationException e) {
                throw new IllegalStateException("DataLoader: batch " + b + " was cancelled: a newer iterator() was"
                        + " started or the loader was closed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + b, e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw new IllegalStateException("DataLoader: a worker failed while building batch " + b + ": " + c, c);
            }
        }

        synchronized void cancel() {
            cancelled = true;
            for (Future<B> f : pending) {
                f.cancel(true);
            }
            pending.clear();
        }
    }
}
