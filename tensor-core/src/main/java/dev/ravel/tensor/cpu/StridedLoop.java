package dev.ravel.tensor.cpu;

import dev.ravel.tensor.NDArray;

/**
 * Walks several operands of one shape together, as runs ("blocks") along a single inner dim, so
 * kernels are plain loops over {@code (offset, stride, n)}. Dims of size 1 are dropped and dims
 * that are contiguous with their neighbour in every operand are merged first, so a contiguous
 * tensor of any rank is one block and a broadcast row is a block with stride 0.
 */
final class StridedLoop {
    /** A kernel over one block: {@code offsets[k]} is operand k's first element, {@code n} the length. */
    @FunctionalInterface
    interface Block {
        void run(int[] offsets, int n);
    }

    private final int[] shape;
    private final int[][] strides;
    private final int[] offsets;
    private final int numel;

    private StridedLoop(int[] shape, int[][] strides, int[] offsets) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        this.numel = n;
    }

    /** Operands must share a shape (broadcast ones arrive expanded, with stride 0). */
    static StridedLoop of(NDArray... operands) {
        int[] shape = operands[0].shape();
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].strides();
            offsets[k] = operands[k].offset();
        }
        return of(shape, strides, offsets);
    }

    /** A loop over raw layouts; {@code strides[k]} belongs to operand k. */
    static StridedLoop of(int[] shape, int[][] strides, int[] offsets) {
        int ops = strides.length;
        int rank = shape.length;
        int[] cs = new int[rank];
        int[][] cst = new int[ops][rank];
        int r = 0;
        // Walk from the innermost dim outwards, merging a dim into the run below when possible.
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (shape[d] == 0) {
                return new StridedLoop(new int[] {0}, zeros(ops), offsets.clone());
            }
            if (r > 0 && mergeable(shape, strides, d, cs[r - 1], cst, r - 1)) {
                cs[r - 1] *= shape[d];
                continue;
            }
            cs[r] = shape[d];
            for (int k = 0; k < ops; k++) {
                cst[k][r] = strides[k][d];
            }
            r++;
        }
        if (r == 0) {
            return new StridedLoop(new int[] {1}, zeros(ops), offsets.clone());
        }
        // Reverse into outer-to-inner order.
        int[] outShape = new int[r];
        int[][] outStrides = new int[ops][r];
        for (int i = 0; i < r; i++) {
            outShape[i] = cs[r - 1 - i];
            for (int k = 0; k < ops; k++) {
                outStrides[k][i] = cst[k][r - 1 - i];
            }
        }
        return new StridedLoop(outShape, outStrides, offsets.clone());
    }

    private static boolean mergeable(int[] shape, int[][] strides, int d, int innerSize, int[][] cst, int inner) {
        for (int k = 0; k < strides.length; k++) {
            if ((long) strides[k][d] != (long) cst[k][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    private static int[][] zeros(int ops) {
        return new int[ops][1];
    }

    int numel() {
        return numel;
    }

    /** Stride of operand k along the inner (block) dim. */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Length of the inner dim: blocks are at most this long. */
    int innerSize() {
        return shape[shape.length - 1];
    }

    /** Number of dims left after dropping size-1 dims and merging contiguous ones (at least 1). */
    int rank() {
        return shape.length;
    }

    /** Length of dim {@code d} (of {@link #rank}). */
    int size(int d) {
        return shape[d];
    }

    /** Stride of operand k along dim {@code d} (of {@link #rank}). */
    int stride(int k, int d) {
        return strides[k][d];
    }

    /** Runs every block, split across threads when there are at least {@code 2 * grain} elements. */
    void parallel(int grain, Block body) {
        if (numel == 0) {
            return;
        }
        Parallel.forRange(numel, grain, (start, end) -> forEach(offsets, start, end, body));
    }

    /** Runs the blocks of elements {@code [start, end)} in order on this thread. */
    void forEach(int start, int end, Block body) {
        forEach(offsets, start, end, body);
    }

    /** As {@link #forEach(int, int, Block)} with other base offsets (a sub-space walked from many origins). */
    void forEach(int[] base, int start, int end, Block body) {
        if (start >= end) {
            return;
        }
        int rank = shape.length;
        int ops = strides.length;
        int[] idx = new int[rank];
        int[] off = base.clone();
        int rem = start;
        for (int d = rank - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
            for (int k = 0; k < ops; k++) {
                off[k] += idx[d] * strides[k][d];
            }
        }
        int last = rank - 1;
        int pos = start;
        while (pos < end) {
            int n = Math.min(shape[last] - idx[last], end - pos);
            body.run(off, n);
            pos += n;
            if (pos >= end) {
                break;
            }
            idx[last] += n;
            for (int k = 0; k < ops; k++) {
                off[k] += n * strides[k][last];
            }
            for (int d = last; d > 0 && idx[d] == shape[d]; d--) {
                idx[d] = 0;
                idx[d - 1]++;
                for (int k = 0; k < ops; k++) {
                    off[k] += strides[k][d - 1] - shape[d] * strides[k][d];
                }
            }
        }
    }
}
