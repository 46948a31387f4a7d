package dev.ravel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** randomSplit, Subset, ConcatDataset, TensorDataset. */
class DatasetsTest {
    private static Dataset<Integer> ints(int n) {
        return new Dataset<>() {
            @Override
            public Integer get(int index) {
                Dataset.checkIndex(this, index);
                return index;
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    private static int[] values(Dataset<Integer> d) {
        return IntStream.range(0, d.size()).map(d::get).toArray();
    }

    @Test
    void randomSplitSizesAreDisjointAndCoverTheDataset() {
        List<Subset<Integer>> parts = Datasets.randomSplit(ints(20), new int[] {12, 5, 3}, new Generator(1));
        assertEquals(List.of(12, 5, 3), parts.stream().map(Subset::size).toList());
        Set<Integer> seen = new HashSet<>();
        for (Subset<Integer> p : parts) {
            for (int v : values(p)) {
                assertTrue(seen.add(v), "disjoint: " + v);
            }
        }
        assertEquals(20, seen.size());
    }

    @Test
    void randomSplitIsReproducibleAndFollowsThePermutation() {
        List<Subset<Integer>> a = Datasets.randomSplit(ints(10), new int[] {6, 4}, new Generator(3));
        List<Subset<Integer>> b = Datasets.randomSplit(ints(10), new int[] {6, 4}, new Generator(3));
        assertArrayEquals(values(a.get(0)), values(b.get(0)));
        assertArrayEquals(values(a.get(1)), values(b.get(1)));
        long[] perm = new long[10];
        new Generator(3).fillPermutation(perm, 0, 10);
        int[] expected = Arrays.stream(perm).mapToInt(x -> (int) x).toArray();
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 6), a.get(0).indices());
        assertArrayEquals(Arrays.copyOfRange(expected, 6, 10), a.get(1).indices());
        List<Subset<Integer>> c = Datasets.randomSplit(ints(10), new int[] {6, 4}, new Generator(4));
        assertTrue(!Arrays.equals(values(a.get(0)), values(c.get(0))), "another seed, another split");
    }

    @Test
    void randomSplitFractionsHandOutTheRemainderRoundRobin() {
        // floor(10 * 0.33) = 3 each, 1 left over goes to the first: PyTorch gives [4, 3, 3].
        List<Subset<Integer>> parts = Datasets.randomSplit(ints(10), new double[] {0.34, 0.33, 0.33}, new Generator(0));
        assertEquals(List.of(4, 3, 3), parts.stream().map(Subset::size).toList());
        parts = Datasets.randomSplit(ints(11), new double[] {0.8, 0.2}, new Generator(0));
        assertEquals(List.of(9, 2), parts.stream().map(Subset::size).toList());
        parts = Datasets.randomSplit(ints(7), new double[] {0.25, 0.25, 0.25, 0.25}, new Generator(0));
        assertEquals(List.of(2, 2, 2, 1), parts.stream().map(Subset::size).toList());
    }

    @Test
    void randomSplitErrors() {
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> Datasets.randomSplit(ints(10), new int[] {5, 4}, new Generator(0)));
        assertTrue(sum.getMessage().contains("sum of input lengths (9) does not equal the length of the input dataset (10)"),
                sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(ints(10), new int[] {11, -1}, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(ints(10), new double[] {0.5, 0.4}, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(ints(10), new double[] {1.5, -0.5}, new Generator(0)));
    }

    @Test
    void subsetReadsTheGivenIndicesAndChecksThem() {
        Subset<Integer> s = new Subset<>(ints(10), new int[] {7, 2, 2});
        assertArrayEquals(new int[] {7, 2, 2}, values(s));
        IndexOutOfBoundsException bad = assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(ints(5), new int[] {1, 5}));
        assertTrue(bad.getMessage().contains("index 5 is out of range for a dataset of 5 samples"), bad.getMessage());
        IndexOutOfBoundsException get = assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        assertTrue(get.getMessage().contains("Subset: index 3"), get.getMessage());
        int[] idx = {1, 2};
        Subset<Integer> copy = new Subset<>(ints(5), idx);
        idx[0] = 4;
        assertEquals(1, copy.get(0), "indices are copied");
    }

    @Test
    void concatDatasetChainsIncludingEmptyParts() {
        ConcatDataset<Integer> c = new ConcatDataset<>(List.of(ints(3), ints(0), ints(2)));
        assertEquals(5, c.size());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, values(c));
        assertThrows(IndexOutOfBoundsException.class, () -> c.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> c.get(-1));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<Integer>(List.of()));
        assertTrue(empty.getMessage().contains("should not be an empty iterable"), empty.getMessage());
    }

    @Test
    void tensorDatasetRowsAndErrors() {
        Tensor x = Tensor.of(NDArray.arange(0, 6).reshape(3, 2));
        Tensor y = Tensor.of(NDArray.of(new long[] {7, 8, 9}));
        TensorDataset d = new TensorDataset(x, y);
        assertEquals(3, d.size());
        assertArrayEquals(new long[] {2, 3}, d.get(1)[0].toLongArray());
        assertEquals(8, d.get(1)[1].itemLong());
        assertEquals(0, d.get(1)[1].dim());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(x, Tensor.of(NDArray.of(new long[] {1, 2}))));
        assertTrue(mismatch.getMessage().contains("size mismatch between tensors"), mismatch.getMessage());
        assertThrows(IllegalArgumentException.class, TensorDataset::new);
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.of(NDArray.scalar(1.0))));
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> d.get(3));
        assertTrue(oob.getMessage().contains("TensorDataset: index 3 is out of range for a dataset of 3 samples"),
                oob.getMessage());
    }
}
