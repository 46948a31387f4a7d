package dev.ravel.data;

import dev.ravel.Tensor;
import java.util.Arrays;

/** Rows of tensors that share their first dim: sample i is {@code [t0[i], t1[i], ...]}. */
public final class TensorDataset implements Dataset<Tensor[]> {
    private final Tensor[] tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("TensorDataset: expected at least one tensor");
        }
        for (Tensor t : tensors) {
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: every tensor needs the"
                        + " same first dimension, got shapes " + Arrays.toString(Arrays.stream(tensors)
                        .map(x -> Arrays.toString(x.shape())).toArray()));
            }
        }
        this.tensors = tensors.clone();
    }

    @Override
    public Tensor[] get(int index) {
        Dataset.checkIndex(this, index);
        Tensor[] row = new Tensor[tensors.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = Tensor.of(tensors[i].data().select(0, index));
        }
        return row;
    }

    @Override
    public int size() {
        return tensors[0].size(0);
    }

    /** The tensors as given. */
    public Tensor[] tensors() {
        return tensors.clone();
    }
}
