package dev.ravel.data;

import java.util.List;

/** Datasets one after another. */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<T>> parts;
    private final int[] ends;

    public ConcatDataset(List<Dataset<T>> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty iterable");
        }
        this.parts = List.copyOf(parts);
        this.ends = new int[parts.size()];
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            total += parts.get(i).size();
            ends[i] = total;
        }
    }

    @Override
    public T get(int index) {
        Dataset.checkIndex(this, index);
        int part = 0;
        while (index >= ends[part]) {
            part++;
        }
        return parts.get(part).get(index - (part == 0 ? 0 : ends[part - 1]));
    }

    @Override
    public int size() {
        return ends[ends.length - 1];
    }
}
