package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Coalescing of dims into blocks and the element order and offsets of the walk. */
class StridedLoopTest {

    /** Blocks as {offset0, offset1, ..., n}. */
    private static List<int[]> blocks(StridedLoop loop, int start, int end, int ops) {
        List<int[]> out = new ArrayList<>();
        loop.forEach(start, end, (off, n) -> {
            int[] b = new int[ops + 1];
            System.arraycopy(off, 0, b, 0, ops);
            b[ops] = n;
            out.add(b);
        });
        return out;
    }

    /** Storage offsets of every element of one operand in row-major order, expanded from the blocks. */
    private static int[] walk(StridedLoop loop, int operand, int ops, int start, int end) {
        int[] out = new int[end - start];
        int[] at = {0};
        int stride = loop.innerStride(operand);
        loop.forEach(start, end, (off, n) -> {
            for (int i = 0; i < n; i++) {
                out[at[0]++] = off[operand] + i * stride;
            }
        });
        assertEquals(out.length, at[0]);
        return out;
    }

    /** Reference offsets straight from shape, strides and offset. */
    private static int[] reference(int[] shape, int[] strides, int offset) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] out = new int[n];
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int o = offset;
            for (int d = 0; d < shape.length; d++) {
                o += idx[d] * strides[d];
            }
            out[i] = o;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }

    @Test
    void contiguousArraysOfAnyRankAreOneBlock() {
        NDArray x = NDArray.zeros(2, 3, 4, 5);
        StridedLoop loop = StridedLoop.of(x, NDArray.zeros(2, 3, 4, 5));
        assertEquals(120, loop.numel());
        assertEquals(120, loop.innerSize());
        assertEquals(1, loop.innerStride(0));
        List<int[]> b = blocks(loop, 0, 120, 2);
        assertEquals(1, b.size());
        assertArrayEquals(new int[] {0, 0, 120}, b.get(0));
        // A contiguous array at an offset, and size-1 dims with odd strides, still coalesce.
        NDArray narrowed = NDArray.zeros(5, 4).narrow(0, 2, 3);
        StridedLoop n2 = StridedLoop.of(narrowed);
        assertArrayEquals(new int[] {8, 12}, blocks(n2, 0, 12, 1).get(0));
        StridedLoop odd = StridedLoop.of(new int[] {3, 1, 4}, new int[][] {{4, 99, 1}}, new int[] {0});
        assertEquals(12, odd.innerSize());
    }

    @Test
    void dimsMergeOnlyWhenEveryOperandAllows() {
        NDArray a = NDArray.zeros(4, 5);
        NDArray t = NDArray.zeros(5, 4).t();
        StridedLoop loop = StridedLoop.of(a, t);
        assertEquals(5, loop.innerSize());
        assertEquals(1, loop.innerStride(0));
        assertEquals(4, loop.innerStride(1));
        assertEquals(4, blocks(loop, 0, 20, 2).size());
        assertArrayEquals(reference(new int[] {4, 5}, new int[] {1, 4}, 0), walk(loop, 1, 2, 0, 20));
        // A [2, 3, 4] array transposed in its two outer dims: the inner dim stays a run of 4.
        NDArray p = NDArray.zeros(3, 2, 4).transpose(0, 1);
        StridedLoop pl = StridedLoop.of(p);
        assertEquals(4, pl.innerSize());
        assertArrayEquals(reference(p.shape(), p.strides(), 0), walk(pl, 0, 1, 0, 24));
    }

    @Test
    void broadcastOperandsHaveStrideZero() {
        NDArray out = NDArray.zeros(3, 4);
        NDArray row = NDArray.zeros(4).expand(3, 4);
        NDArray col = NDArray.zeros(3, 1).expand(3, 4);
        StridedLoop loop = StridedLoop.of(out, row, col);
        assertEquals(4, loop.innerSize());
        assertEquals(1, loop.innerStride(1));
        assertEquals(0, loop.innerStride(2));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, walk(loop, 2, 3, 0, 12));
        // Both broadcast in the same dims: they merge into one stride-0 run.
        StridedLoop s = StridedLoop.of(NDArray.zeros(1).expand(6, 7), NDArray.zeros(1).expand(6, 7));
        assertEquals(42, s.innerSize());
        assertEquals(0, s.innerStride(0));
    }

    @Test
    void zeroDimAndZeroSize() {
        StridedLoop scalar = StridedLoop.of(NDArray.scalar(1.0), NDArray.scalar(2.0));
        assertEquals(1, scalar.numel());
        List<int[]> b = blocks(scalar, 0, 1, 2);
        assertEquals(1, b.size());
        assertEquals(1, b.get(0)[2]);
        StridedLoop empty = StridedLoop.of(NDArray.zeros(3, 0, 2));
        assertEquals(0, empty.numel());
        assertTrue(blocks(empty, 0, 0, 1).isEmpty());
        int[] calls = {0};
        empty.parallel(1, (off, n) -> calls[0]++);
        assertEquals(0, calls[0]);
    }

    @Test
    void anyRangeWalksTheRightElementsInOrder() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + r.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + r.nextInt(5);
            }
            // Random strides of a strided view into a large buffer (some zero: broadcast).
            int[] strides = new int[rank];
            for (int d = 0; d < rank; d++) {
                strides[d] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(30);
            }
            int offset = r.nextInt(10);
            int[] shape2 = shape.clone();
            int[] contiguous = new int[rank];
            int s = 1;
            for (int d = rank - 1; d >= 0; d--) {
                contiguous[d] = s;
                s *= shape[d];
            }
            StridedLoop loop = StridedLoop.of(shape2, new int[][] {strides, contiguous}, new int[] {offset, 0});
            int n = loop.numel();
            int[] ref = reference(shape, strides, offset);
            int start = r.nextInt(n + 1);
            int end = start + r.nextInt(n - start + 1);
            String ctx = java.util.Arrays.toString(shape) + " strides " + java.util.Arrays.toString(strides) + " ["
                    + start + ", " + end + ")";
            assertArrayEquals(java.util.Arrays.copyOfRange(ref, start, end), walk(loop, 0, 2, start, end), ctx);
            int[] idx = walk(loop, 1, 2, start, end);
            for (int i = 0; i < idx.length; i++) {
                assertEquals(start + i, idx[i], ctx);
            }
            // Other base offsets shift every element.
            int[] shifted = new int[end - start];
            int[] at = {0};
            int stride = loop.innerStride(0);
            loop.forEach(new int[] {offset + 1000, 0}, start, end, (off, m) -> {
                for (int i = 0; i < m; i++) {
                    shifted[at[0]++] = off[0] + i * stride;
                }
            });
            for (int i = 0; i < shifted.length; i++) {
                assertEquals(ref[start + i] + 1000, shifted[i], ctx);
            }
        }
    }

    @Test
    void parallelVisitsEveryElementOnce() {
        NDArray x = NDArray.zeros(300, 700).t();   // 210000 elements, strided
        StridedLoop loop = StridedLoop.of(x);
        AtomicIntegerArray seen = new AtomicIntegerArray(210_000);
        int stride = loop.innerStride(0);
        loop.parallel(1000, (off, n) -> {
            for (int i = 0; i < n; i++) {
                seen.incrementAndGet(off[0] + i * stride);
            }
        });
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "element " + i);
        }
    }
}
