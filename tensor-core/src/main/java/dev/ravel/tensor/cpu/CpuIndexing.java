package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;

import static dev.ravel.tensor.cpu.CpuArrays.array;

/** indexSelect, gather and scatter, with index bounds checked as they are read. */
final class CpuIndexing {
    private final CpuElementwise elementwise;

    CpuIndexing(CpuElementwise elementwise) {
        this.elementwise = elementwise;
    }

    private static int checked(String op, long v, int size, int dim) {
        if (v < 0 || v >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return (int) v;
    }

    void indexSelect(NDArray dst, NDArray src, int dim, NDArray index) {
        long[] idx = CpuArrays.longs(index);
        int size = src.size(dim);
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            rows[i] = checked("index_select", idx[i], size, dim);
        }
        if (dim == 0 && src.isContiguous() && dst.isContiguous()) {
            // Whole rows (embedding lookups): one arraycopy each.
            int row = size == 0 ? 0 : src.numel() / size;
            Object s = array(src);
            Object d = array(dst);
            Parallel.forRange(rows.length, Math.max(1, CpuElementwise.GRAIN / Math.max(1, row)), (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    System.arraycopy(s, src.offset() + rows[i] * row, d, dst.offset() + i * row, row);
                }
            });
            return;
        }
        for (int i = 0; i < rows.length; i++) {
            elementwise.copy(dst.select(dim, i), src.select(dim, rows[i]));
        }
    }

    /** A layout of {@code base}'s storage with {@code shape}, base's strides, and stride 0 at dim (the indexed dim). */
    private static int[] stridesWithout(NDArray base, int dim) {
        int[] s = base.strides();
        s[dim] = 0;
        return s;
    }

    void gather(NDArray dst, NDArray src, int dim, NDArray index) {
        StridedLoop loop = StridedLoop.of(index.shape(), new int[][] {dst.strides(), index.strides(), stridesWithout(src, dim)},
                new int[] {dst.offset(), index.offset(), src.offset()});
        long[] idx = CpuArrays.i64(index);
        Object s = array(src);
        Object d = array(dst);
        int size = src.size(dim);
        int step = src.stride(dim);
        int sd = loop.innerStride(0);
        int si = loop.innerStride(1);
        int ss = loop.innerStride(2);
        loop.parallel(CpuElementwise.GRAIN, (off, n) -> {
            for (int j = 0; j < n; j++) {
                int v = checked("gather", idx[off[1] + j * si], size, dim);
                copyElement(d, off[0] + j * sd, s, off[2] + j * ss + v * step);
            }
        });
    }

    void scatter(NDArray dst, int dim, NDArray index, NDArray src, boolean accumulate) {
        StridedLoop loop = StridedLoop.of(index.shape(), new int[][] {index.strides(), src.strides(), stridesWithout(dst, dim)},
                new int[] {index.offset(), src.offset(), dst.offset()});
        long[] idx = CpuArrays.i64(index);
        Object s = array(src);
        Object d = array(dst);
        int size = dst.size(dim);
        int step = dst.stride(dim);
        String op = accumulate ? "scatter_add" : "scatter";
        int si = loop.innerStride(0);
        int ss = loop.innerStride(1);
        int sd = loop.innerStride(2);
        // Serial: several indices may hit one element, and the last write must win deterministically.
        loop.forEach(0, loop.numel(), (off, n) -> {
            for (int j = 0; j < n; j++) {
                int v = checked(op, idx[off[0] + j * si], size, dim);
                int at = off[2] + j * sd + v * step;
                int from = off[1] + j * ss;
                if (accumulate) {
                    addElement(d, at, s, from);
                } else {
                    copyElement(d, at, s, from);
                }
            }
        });
    }

    private static void copyElement(Object d, int at, Object s, int from) {
        switch (d) {
            case float[] o -> o[at] = ((float[]) s)[from];
            case double[] o -> o[at] = ((double[]) s)[from];
            case long[] o -> o[at] = ((long[]) s)[from];
            case boolean[] o -> o[at] = ((boolean[]) s)[from];
            default -> throw new IllegalStateException();
        }
    }

    private static void addElement(Object d, int at, Object s, int from) {
        switch (d) {
            case float[] o -> o[at] += ((float[]) s)[from];
            case double[] o -> o[at] += ((double[]) s)[from];
            case long[] o -> o[at] += ((long[]) s)[from];
            case boolean[] o -> o[at] |= ((boolean[]) s)[from];
            default -> throw new IllegalStateException();
        }
    }
}
