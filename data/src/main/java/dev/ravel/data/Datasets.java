package dev.ravel.data;

import dev.ravel.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/** Helpers over datasets: {@code random_split}. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Splits a dataset into non-overlapping random subsets of the given lengths (which must add up
     * to its size), from a random permutation drawn from {@code g}: the same split as PyTorch's
     * {@code random_split(ds, lengths, generator=torch.Generator().manual_seed(s))}.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator g) {
        long total = 0;
        for (int l : lengths) {
            if (l < 0) {
                throw new IllegalArgumentException("randomSplit: lengths must be non-negative, got " + java.util.Arrays.toString(lengths));
            }
            total += l;
        }
        if (total != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: sum of input lengths (" + total
                    + ") does not equal the length of the input dataset (" + dataset.size() + ")");
        }
        long[] perm = new long[dataset.size()];
        g.fillPermutation(perm, 0, perm.length);
        List<Subset<T>> out = new ArrayList<>();
        int off = 0;
        for (int l : lengths) {
            int[] idx = new int[l];
            for (int i = 0; i < l; i++) {
                idx[i] = (int) perm[off + i];
            }
            out.add(new Subset<>(dataset, idx));
            off += l;
        }
        return out;
    }

    /**
     * Fractional lengths (summing to 1): floor of each fraction times the size, the remainder
     * handed out one by one from the first subset, as PyTorch does.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator g) {
        double sum = 0;
        for (double f : fractions) {
            if (f < 0 || f > 1) {
                throw new IllegalArgumentException("randomSplit: fraction " + f + " is not between 0 and 1");
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("randomSplit: fractions must sum to 1, got " + sum);
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % lengths.length) {
            lengths[i]++;
            assigned++;
        }
        return randomSplit(dataset, lengths, g);
    }
}
