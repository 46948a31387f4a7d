package dev.ravel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.data.vision.ColorJitter;
import dev.ravel.data.vision.Compose;
import dev.ravel.data.vision.RandomCrop;
import dev.ravel.data.vision.RandomHorizontalFlip;
import dev.ravel.data.vision.RandomRotation;
import dev.ravel.data.vision.ToTensor;
import dev.ravel.data.vision.Transform;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Rows i -> ([i, 10 i, 100 i], i). */
    private static TensorDataset rows(int n) {
        float[] x = new float[n * 3];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = 10 * i;
            x[3 * i + 2] = 100 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(NDArray.fromArray(x, n, 3)), Tensor.of(NDArray.fromArray(y, n)));
    }

    /** Images [3, 8, 8] with values from i, through a transform, labelled i. */
    private static Dataset<Sample> images(int n, Transform t) {
        return new Dataset<>() {
            @Override
            public Sample get(int i) {
                float[] v = new float[3 * 8 * 8];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (i * 31 + k * 7) % 256;
                }
                return new Sample(t.apply(Tensor.of(NDArray.fromArray(v, 3, 8, 8))), Tensor.of(NDArray.scalar((long) i)));
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    private static final Transform AUGMENT = new Compose(new RandomCrop(8, 2), new RandomHorizontalFlip(),
            new RandomRotation(20), new ToTensor(), new ColorJitter(0.4, 0.4));

    private static <B> List<B> epoch(Iterable<B> loader) {
        List<B> out = new ArrayList<>();
        loader.forEach(out::add);
        return out;
    }

    private static long[] order(List<Tensor[]> batches) {
        return batches.stream().flatMapToLong(b -> Arrays.stream(b[1].toLongArray())).toArray();
    }

    private static Set<Thread> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ravel-dataloader-")
                && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void batchShapesAndLastPartialBatch() {
        try (var loader = DataLoader.ofTensors(rows(10)).batchSize(4).build()) {
            assertEquals(3, loader.numBatches());
            List<Tensor[]> batches = epoch(loader);
            assertEquals(3, batches.size());
            assertArrayEquals(new int[] {4, 3}, batches.get(0)[0].shape());
            assertArrayEquals(new int[] {4}, batches.get(0)[1].shape());
            assertArrayEquals(new int[] {2, 3}, batches.get(2)[0].shape());
            assertEquals(DType.INT64, batches.get(2)[1].dtype());
            assertArrayEquals(new float[] {8, 80, 800, 9, 90, 900}, batches.get(2)[0].toFloatArray());
        }
    }

    @Test
    void dropLastDropsThePartialBatch() {
        try (var loader = DataLoader.ofTensors(rows(10)).batchSize(4).dropLast(true).build()) {
            assertEquals(2, loader.numBatches());
            List<Tensor[]> batches = epoch(loader);
            assertEquals(2, batches.size());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, order(batches));
        }
        try (var loader = DataLoader.ofTensors(rows(8)).batchSize(4).dropLast(true).build()) {
            assertEquals(2, loader.numBatches(), "nothing to drop");
        }
        try (var loader = DataLoader.ofTensors(rows(3)).batchSize(4).dropLast(true).numWorkers(2).build()) {
            assertEquals(0, loader.numBatches());
            assertFalse(loader.iterator().hasNext());
        }
    }

    @Test
    void samplesAreStackedIntoOneSample() {
        try (var loader = DataLoader.ofSamples(images(5, new ToTensor())).batchSize(2).build()) {
            List<Sample> batches = epoch(loader);
            assertEquals(3, batches.size());
            assertArrayEquals(new int[] {2, 3, 8, 8}, batches.get(0).input().shape());
            assertArrayEquals(new int[] {2}, batches.get(0).target().shape());
            assertArrayEquals(new int[] {1, 3, 8, 8}, batches.get(2).input().shape());
            assertArrayEquals(new long[] {4}, batches.get(2).target().toLongArray());
        }
    }

    @Test
    void withoutShuffleOrderIsTheDatasetOrder() {
        for (int workers : new int[] {0, 2}) {
            try (var loader = DataLoader.ofTensors(rows(11)).batchSize(3).numWorkers(workers).build()) {
                assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, order(epoch(loader)));
                assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, order(epoch(loader)), "every epoch");
            }
        }
    }

    @Test
    void shuffleIsAPermutationReproducibleForTheSameSeedAndNewEachEpoch() {
        int n = 50;
        List<long[]> first = new ArrayList<>();
        try (var loader = DataLoader.ofTensors(rows(n)).batchSize(7).shuffle(true).generator(new Generator(42)).build()) {
            for (int e = 0; e < 3; e++) {
                long[] o = order(epoch(loader));
                long[] sorted = o.clone();
                Arrays.sort(sorted);
                assertArrayEquals(java.util.stream.LongStream.range(0, n).toArray(), sorted, "a permutation");
                first.add(o);
            }
        }
        assertFalse(Arrays.equals(first.get(0), first.get(1)), "epochs differ");
        assertFalse(Arrays.equals(first.get(1), first.get(2)), "epochs differ");
        assertFalse(Arrays.equals(first.get(0), java.util.stream.LongStream.range(0, n).toArray()), "shuffled");
        try (var loader = DataLoader.ofTensors(rows(n)).batchSize(7).shuffle(true).generator(new Generator(42))
                .numWorkers(2).build()) {
            for (int e = 0; e < 3; e++) {
                assertArrayEquals(first.get(e), order(epoch(loader)), "same seed, same epochs (epoch " + e + ")");
            }
        }
        try (var loader = DataLoader.ofTensors(rows(n)).batchSize(7).shuffle(true).generator(new Generator(43)).build()) {
            assertFalse(Arrays.equals(first.get(0), order(epoch(loader))), "another seed, another order");
        }
    }

    @Test
    void shuffleDrawsTheEpochSeedThenThePermutationLikePyTorch() {
        Generator g = new Generator(7);
        g.random64();
        long[] perm = new long[20];
        g.fillPermutation(perm, 0, 20);
        try (var loader = DataLoader.ofTensors(rows(20)).batchSize(6).shuffle(true).generator(new Generator(7)).build()) {
            assertArrayEquals(perm, order(epoch(loader)));
        }
    }

    @Test
    void defaultGeneratorMakesShuffleReproducibleAfterManualSeed() {
        Generator.defaultGenerator().manualSeed(123);
        long[] a;
        try (var loader = DataLoader.ofTensors(rows(30)).batchSize(4).shuffle(true).build()) {
            a = order(epoch(loader));
        }
        Generator.defaultGenerator().manualSeed(123);
        try (var loader = DataLoader.ofTensors(rows(30)).batchSize(4).shuffle(true).build()) {
            assertArrayEquals(a, order(epoch(loader)));
        }
    }

    @Test
    void sameBatchesWithZeroAndTwoWorkersIncludingRandomTransforms() {
        Dataset<Sample> ds = images(23, AUGMENT);
        List<List<Sample>> byWorkers = new ArrayList<>();
        for (int workers : new int[] {0, 2, 3}) {
            try (var loader = DataLoader.ofSamples(ds).batchSize(4).shuffle(true).numWorkers(workers)
                    .generator(new Generator(99)).build()) {
                List<Sample> all = new ArrayList<>(epoch(loader));
                all.addAll(epoch(loader));
                byWorkers.add(all);
            }
        }
        for (int w = 1; w < byWorkers.size(); w++) {
            List<Sample> a = byWorkers.get(0);
            List<Sample> b = byWorkers.get(w);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertTrue(a.get(i).input().equal(b.get(i).input()), "batch " + i + " input");
                assertTrue(a.get(i).target().equal(b.get(i).target()), "batch " + i + " target");
            }
        }
        // The transforms did draw: the two epochs augment the same image differently.
        List<Sample> a = byWorkers.get(0);
        assertFalse(a.get(0).input().equal(a.get(6).input()));
    }

    @Test
    void batchesArriveInOrderWithWorkers() {
        Dataset<Tensor[]> slow = new Dataset<>() {
            private final TensorDataset rows = rows(40);

            @Override
            public Tensor[] get(int i) {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return rows.get(i);
            }

            @Override
            public int size() {
                return 40;
            }
        };
        try (var loader = DataLoader.ofTensors(slow).batchSize(3).numWorkers(4).prefetchFactor(3).build()) {
            long[] expected = java.util.stream.LongStream.range(0, 40).toArray();
            assertArrayEquals(expected, order(epoch(loader)));
            assertArrayEquals(expected, order(epoch(loader)));
        }
    }

    private static Dataset<Tensor[]> failingAt(int bad) {
        TensorDataset rows = rows(20);
        return new Dataset<>() {
            @Override
            public Tensor[] get(int i) {
                if (i == bad) {
                    throw new IllegalArgumentException("sample " + i + " is broken");
                }
                return rows.get(i);
            }

            @Override
            public int size() {
                return 20;
            }
        };
    }

    @Test
    void workerExceptionSurfacesWithTheBatchNumber() {
        try (var loader = DataLoader.ofTensors(failingAt(13)).batchSize(4).numWorkers(2).build()) {
            Iterator<Tensor[]> it = loader.iterator();
            for (int b = 0; b < 3; b++) {
                assertDoesNotThrow(it::next);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("a worker failed while building batch 3"), e.getMessage());
            assertTrue(e.getMessage().contains("sample 13 is broken"), e.getMessage());
            assertTrue(e.getCause() instanceof IllegalArgumentException);
            assertDoesNotThrow(it::next, "later batches still come");
        }
        try (var loader = DataLoader.ofTensors(failingAt(13)).batchSize(4).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> epoch(loader));
            assertEquals("sample 13 is broken", e.getMessage(), "without workers the exception is the dataset's own");
        }
    }

    @Test
    void stoppingEarlyAndClosingLeavesNoWorkerThreads() {
        Set<Thread> before = loaderThreads();
        var loader = DataLoader.ofSamples(images(400, AUGMENT)).batchSize(8).numWorkers(3).prefetchFactor(4).build();
        Iterator<Sample> it = loader.iterator();
        it.next();
        it.next();
        assertFalse(loaderThreads().isEmpty(), "workers are running");
        loader.close();
        Set<Thread> after = loaderThreads();
        after.removeAll(before);
        assertEquals(Set.of(), after);
        assertDoesNotThrow(loader::close, "closing twice is fine");
        IllegalStateException e = assertThrows(IllegalStateException.class, loader::iterator);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void iteratorOfAnEndedEpochFailsClearly() {
        for (int workers : new int[] {0, 2}) {
            Set<Thread> before = loaderThreads();
            var loader = DataLoader.ofTensors(rows(100)).batchSize(10).numWorkers(workers).build();
            Iterator<Tensor[]> first = loader.iterator();
            first.next();
            Iterator<Tensor[]> second = loader.iterator();
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, second.next()[1].toLongArray());
            IllegalStateException e = assertThrows(IllegalStateException.class, first::next);
            assertTrue(e.getMessage().contains("epoch is over"), e.getMessage());
            loader.close();
            assertThrows(IllegalStateException.class, second::next, "closed");
            Set<Thread> after = loaderThreads();
            after.removeAll(before);
            assertEquals(Set.of(), after, "no worker started after close");
        }
    }

    @Test
    void abandonedEpochIsCancelledAndANewOneStartsClean() {
        try (var loader = DataLoader.ofTensors(rows(60)).batchSize(5).numWorkers(2).build()) {
            Iterator<Tensor[]> it = loader.iterator();
            it.next();
            assertArrayEquals(java.util.stream.LongStream.range(0, 60).toArray(), order(epoch(loader)));
        }
    }

    @Test
    void builderRejectsBadOptions() {
        var b = DataLoader.ofTensors(rows(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.batchSize(0)).getMessage().contains("batch_size"));
        assertThrows(IllegalArgumentException.class, () -> b.numWorkers(-1));
        assertThrows(IllegalArgumentException.class, () -> b.prefetchFactor(0));
        try (var loader = b.batchSize(2).build()) {
            assertSame(loader.dataset(), loader.dataset());
            assertEquals(2, loader.batchSize());
        }
    }

    @Test
    void transformsOutsideALoaderDrawFromTheDefaultGenerator() {
        Tensor x = Tensor.of(NDArray.fromArray(new float[] {1, 2, 3, 4}, 1, 2, 2));
        Generator.defaultGenerator().manualSeed(5);
        Tensor a = new RandomRotation(45).apply(x);
        Generator.defaultGenerator().manualSeed(5);
        assertTrue(a.equal(new RandomRotation(45).apply(x)));
        assertNotEquals(null, RandomContext.generator());
        assertSame(Generator.defaultGenerator(), RandomContext.generator());
    }
}
