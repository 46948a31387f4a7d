package dev.ravel.data;

import dev.ravel.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns a list of samples into a batch: PyTorch's default_collate for the sample types Ravel uses. */
public final class Collate {
    private Collate() {
    }

    /** Samples into one Sample whose input and target are stacked along a new first dim. */
    public static Function<List<Sample>, Sample> samples() {
        return list -> {
            List<Tensor> in = new ArrayList<>(list.size());
            List<Tensor> tg = new ArrayList<>(list.size());
            for (Sample s : list) {
                in.add(s.input());
                tg.add(s.target());
            }
            return new Sample(Tensor.stack(in, 0), Tensor.stack(tg, 0));
        };
    }

    /** Rows of tensors into stacked columns. */
    public static Function<List<Tensor[]>, Tensor[]> tensors() {
        return list -> {
            int k = list.getFirst().length;
            Tensor[] out = new Tensor[k];
            for (int j = 0; j < k; j++) {
                List<Tensor> col = new ArrayList<>(list.size());
                for (Tensor[] row : list) {
                    if (row.length != k) {
                        throw new IllegalArgumentException("collate: each element in the batch should have the same"
                                + " number of tensors (" + k + " vs " + row.length + ")");
                    }
                    col.add(row[j]);
                }
                out[j] = Tensor.stack(col, 0);
            }
            return out;
        };
    }
}
