package dev.ravel.data;

/**
 * Indexed samples, like {@code torch.utils.data.Dataset}: {@link #get(int)} for
 * {@code 0 <= index < size()}. Implementations must be safe to read from several threads
 * (DataLoader workers call {@code get} concurrently).
 */
public interface Dataset<T> {
    T get(int index);

    int size();

    /** Checks an index and names the dataset in the error. */
    static void checkIndex(Dataset<?> d, int index) {
        if (index < 0 || index >= d.size()) {
            throw new IndexOutOfBoundsException(d.getClass().getSimpleName() + ": index " + index
                    + " is out of range for a dataset of " + d.size() + " samples");
        }
    }
}
