package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.shape;
import static dev.ravel.tensor.Check.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Index, join and shape ops with hand-computed results, on contiguous and non-contiguous inputs. */
class IndexingTest {

    /** 0, 1, ..., n-1 as float32 of a shape. */
    private static NDArray iota(int... shape) {
        int n = Shapes.numel(shape);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return NDArray.fromArray(a, shape);
    }

    @Test
    void indexSelectAlongEveryDim() {
        NDArray x = iota(3, 4);
        exact(x.indexSelect(0, NDArray.of(2L, 0L, 2L)), DType.FLOAT32, new int[] {3, 4},
                8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11);
        exact(x.indexSelect(1, NDArray.of(3L, 1L)), DType.FLOAT32, new int[] {3, 2}, 3, 1, 7, 5, 11, 9);
        exact(x.indexSelect(-1, NDArray.of(new long[] {0})), DType.FLOAT32, new int[] {3, 1}, 0, 4, 8);
        // Through a transposed source and a stepped index.
        NDArray idx = NDArray.of(1L, 9L, 0L, 9L).slice(0, 0, 4, 2);
        exact(x.t().indexSelect(0, idx), DType.FLOAT32, new int[] {2, 3}, 1, 5, 9, 0, 4, 8);
        exact(x.indexSelect(0, NDArray.zeros(DType.INT64, 0)), DType.FLOAT32, new int[] {0, 4});
        exact(x.indexSelect(1, NDArray.scalar(2L)), DType.FLOAT32, new int[] {3, 1}, 2, 6, 10);
        exact(NDArray.of(5L, 6L, 7L).indexSelect(0, NDArray.of(2L, 2L)), DType.INT64, new int[] {2}, 7, 7);
        exact(NDArray.scalar(4.0).indexSelect(0, NDArray.scalar(0L)), DType.FLOAT32, new int[0], 4);
        // Embedding-style: many rows of a wide table (the row-copy fast path).
        NDArray table = iota(1000, 64);
        NDArray rows = table.indexSelect(0, NDArray.of(999L, 0L, 500L));
        assertEquals(999 * 64 + 63, rows.get(0, 63));
        assertEquals(500 * 64 + 7, rows.get(2, 7));
    }

    @Test
    void gatherPicksAlongADim() {
        NDArray x = iota(3, 4);
        NDArray idx = NDArray.of(new long[][] {{3, 0}, {1, 1}, {0, 2}});
        exact(x.gather(1, idx), DType.FLOAT32, new int[] {3, 2}, 3, 0, 5, 5, 8, 10);
        NDArray idx0 = NDArray.of(new long[][] {{2, 0, 1, 0}});
        exact(x.gather(0, idx0), DType.FLOAT32, new int[] {1, 4}, 8, 1, 6, 3);
        exact(x.gather(-2, idx0), DType.FLOAT32, new int[] {1, 4}, 8, 1, 6, 3);
        // Index smaller than the input in the other dim; transposed input and index.
        exact(x.t().gather(0, NDArray.of(new long[][] {{3, 2}, {0, 1}}).t()), DType.FLOAT32, new int[] {2, 2},
                3, 4, 2, 5);
        exact(NDArray.of(1f, 2f, 3f).gather(0, NDArray.scalar(2L)), DType.FLOAT32, new int[0], 3);
        shape(x.gather(1, NDArray.zeros(DType.INT64, 3, 0)), 3, 0);
        // Cross-entropy style: one label per row of a long batch (parallel path).
        int n = 70_001;
        float[] logits = new float[n * 3];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            logits[i * 3 + (i % 3)] = i;
        }
        double[] g = values(NDArray.fromArray(logits, n, 3).gather(1, NDArray.fromArray(labels, n, 1)));
        for (int i = 0; i < n; i += 997) {
            assertEquals((float) i, g[i], "row " + i);
        }
    }

    @Test
    void scatterWritesAndAccumulates() {
        NDArray zeros = NDArray.zeros(3, 4);
        NDArray idx = NDArray.of(new long[][] {{0, 2}, {3, 3}});
        NDArray src = NDArray.of(new float[][] {{1, 2}, {3, 4}});
        NDArray s = zeros.scatter(1, idx, src);
        exact(s, DType.FLOAT32, new int[] {3, 4}, 1, 0, 2, 0, 0, 0, 0, 4, 0, 0, 0, 0);
        exact(zeros, DType.FLOAT32, new int[] {3, 4}, new double[12]);   // out of place
        exact(zeros.scatterAdd(1, idx, src), DType.FLOAT32, new int[] {3, 4}, 1, 0, 2, 0, 0, 0, 0, 7, 0, 0, 0, 0);
        exact(zeros.scatter(0, NDArray.of(new long[][] {{2, 1, 0, 2}}), 5.0), DType.FLOAT32, new int[] {3, 4},
                0, 0, 5, 0, 0, 5, 0, 0, 5, 0, 0, 5);
        // In place into a transposed view reaches the base where the view says.
        NDArray base = NDArray.zeros(4, 3);
        NDArray t = base.t();                        // [3, 4]
        assertSame(t, t.scatter_(1, idx, src));
        exact(base, DType.FLOAT32, new int[] {4, 3}, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 4, 0);
        NDArray acc = NDArray.zeros(DType.INT64, 5);
        acc.scatterAdd_(0, NDArray.of(0L, 4L, 0L, 0L), NDArray.of(1L, 2L, 3L, 4L));
        exact(acc, DType.INT64, new int[] {5}, 8, 0, 0, 0, 2);
        // Duplicate indices without accumulate: the last write wins, deterministically.
        exact(NDArray.zeros(2).scatter(0, NDArray.of(1L, 1L, 1L), NDArray.of(7f, 8f, 9f)), DType.FLOAT32,
                new int[] {2}, 0, 9);
        exact(NDArray.zeros(DType.FLOAT64, 3).scatterAdd(0, NDArray.of(2L, 2L), NDArray.of(0.5, 0.25, 9.0)),
                DType.FLOAT64, new int[] {3}, 0, 0, 0.75);
    }

    @Test
    void indexAddAddsSlices() {
        NDArray x = NDArray.ones(3, 2);
        NDArray src = NDArray.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        exact(x.indexAdd(0, NDArray.of(2L, 0L, 2L), src), DType.FLOAT32, new int[] {3, 2}, 4, 5, 1, 1, 7, 9);
        exact(x, DType.FLOAT32, new int[] {3, 2}, 1, 1, 1, 1, 1, 1);
        NDArray y = NDArray.zeros(2, 3);
        y.indexAdd_(1, NDArray.of(1L, 1L), NDArray.of(new float[][] {{1, 2}, {3, 4}}));
        exact(y, DType.FLOAT32, new int[] {2, 3}, 0, 3, 0, 0, 7, 0);
    }

    @Test
    void takeReadsFlatIndicesWithNegatives() {
        NDArray x = iota(3, 4).t();   // flat order of the view: 0, 4, 8, 1, 5, 9, ...
        exact(x.take(NDArray.of(new long[][] {{0, 1}, {-1, 3}})), DType.FLOAT32, new int[] {2, 2}, 0, 4, 11, 1);
        exact(x.take(NDArray.scalar(-12L)), DType.FLOAT32, new int[0], 0);
    }

    @Test
    void maskedFillBroadcastsTheMask() {
        NDArray x = iota(2, 3);
        NDArray mask = NDArray.of(true, false, true);
        exact(x.maskedFill(mask, -1), DType.FLOAT32, new int[] {2, 3}, -1, 1, -1, -1, 4, -1);
        exact(NDArray.of(1L, 2L).maskedFill(NDArray.of(false, true), 9.7), DType.INT64, new int[] {2}, 1, 9);
        NDArray y = iota(2, 3);
        y.t().maskedFill_(NDArray.of(new boolean[][] {{true}, {false}, {false}}), 0);
        exact(y, DType.FLOAT32, new int[] {2, 3}, 0, 1, 2, 0, 4, 5);
    }

    @Test
    void catAlongEveryDim() {
        NDArray a = iota(2, 3);
        NDArray b = iota(2, 3).add(10L);
        exact(NDArray.cat(0, a, b), DType.FLOAT32, new int[] {4, 3}, 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
        exact(NDArray.cat(1, a, b), DType.FLOAT32, new int[] {2, 6}, 0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15);
        exact(NDArray.cat(-1, a.narrow(1, 0, 1), b.t().t()), DType.FLOAT32, new int[] {2, 4}, 0, 10, 11, 12,
                3, 13, 14, 15);
        exact(NDArray.cat(0, a.t(), NDArray.zeros(1, 2)), DType.FLOAT32, new int[] {4, 2}, 0, 3, 1, 4, 2, 5, 0, 0);
        // Legacy: 1-D empty tensors are skipped whatever their dims.
        exact(NDArray.cat(List.of(NDArray.zeros(0), a.select(0, 0), NDArray.zeros(0)), 0), DType.FLOAT32,
                new int[] {3}, 0, 1, 2);
        shape(NDArray.cat(0, NDArray.zeros(0, 3), a), 2, 3);
        exact(NDArray.cat(0, NDArray.of(new long[] {1}), NDArray.of(true, false)), DType.INT64, new int[] {3}, 1, 1, 0);
    }

    @Test
    void stackAddsADim() {
        NDArray a = NDArray.of(1f, 2f);
        NDArray b = NDArray.of(3f, 4f);
        exact(NDArray.stack(0, a, b), DType.FLOAT32, new int[] {2, 2}, 1, 2, 3, 4);
        exact(NDArray.stack(1, a, b), DType.FLOAT32, new int[] {2, 2}, 1, 3, 2, 4);
        exact(NDArray.stack(-1, a, b), DType.FLOAT32, new int[] {2, 2}, 1, 3, 2, 4);
        exact(NDArray.stack(0, NDArray.scalar(1.0), NDArray.scalar(2.0)), DType.FLOAT32, new int[] {2}, 1, 2);
    }

    @Test
    void splitChunkAndUnbindAreViews() {
        NDArray x = iota(5, 2);
        List<NDArray> parts = x.split(2, 0);
        assertEquals(3, parts.size());
        shape(parts.get(2), 1, 2);
        assertSame(x.storage(), parts.get(1).storage());
        exact(parts.get(1), DType.FLOAT32, new int[] {2, 2}, 4, 5, 6, 7);
        List<NDArray> sized = x.split(new int[] {1, 0, 4}, 0);
        shape(sized.get(1), 0, 2);
        exact(sized.get(2).select(0, 0), DType.FLOAT32, new int[] {2}, 2, 3);
        List<NDArray> chunks = x.chunk(2, 0);
        assertEquals(2, chunks.size());
        shape(chunks.get(0), 3, 2);
        shape(chunks.get(1), 2, 2);
        assertEquals(5, iota(5).chunk(10, 0).size());
        List<NDArray> cols = x.unbind(1);
        assertEquals(2, cols.size());
        exact(cols.get(1), DType.FLOAT32, new int[] {5}, 1, 3, 5, 7, 9);
        assertEquals(1, NDArray.zeros(0, 2).split(3, 0).size());
    }

    @Test
    void trilAndTriu() {
        NDArray x = iota(3, 4).add(1L);
        exact(x.tril(), DType.FLOAT32, new int[] {3, 4}, 1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0);
        exact(x.triu(), DType.FLOAT32, new int[] {3, 4}, 1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12);
        exact(x.tril(-1), DType.FLOAT32, new int[] {3, 4}, 0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0);
        exact(x.triu(2), DType.FLOAT32, new int[] {3, 4}, 0, 0, 3, 4, 0, 0, 0, 8, 0, 0, 0, 0);
        exact(x.t().tril(), DType.FLOAT32, new int[] {4, 3}, 1, 0, 0, 2, 6, 0, 3, 7, 11, 4, 8, 12);
        NDArray b = NDArray.ones(DType.BOOL, 2, 2, 2).triu(1);
        exact(b, DType.BOOL, new int[] {2, 2, 2}, 0, 1, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void padAndCrop() {
        NDArray x = NDArray.of(new float[][] {{1, 2}, {3, 4}});
        exact(x.pad(new int[] {1, 2}, 0), DType.FLOAT32, new int[] {2, 5}, 0, 1, 2, 0, 0, 0, 3, 4, 0, 0);
        exact(x.pad(new int[] {0, 0, 1, 0}, -1), DType.FLOAT32, new int[] {3, 2}, -1, -1, 1, 2, 3, 4);
        exact(x.pad(new int[] {-1, 1}, 9), DType.FLOAT32, new int[] {2, 2}, 2, 9, 4, 9);
        exact(x.t().pad(new int[] {1, 0, 0, 1}, 0), DType.FLOAT32, new int[] {3, 3}, 0, 1, 3, 0, 2, 4, 0, 0, 0);
        exact(x.pad(new int[] {-2, 1}, 7), DType.FLOAT32, new int[] {2, 1}, 7, 7);
    }

    @Test
    void oneHot() {
        exact(NDArray.oneHot(NDArray.of(0L, 2L, 1L), -1), DType.INT64, new int[] {3, 3}, 1, 0, 0, 0, 0, 1, 0, 1, 0);
        exact(NDArray.oneHot(NDArray.of(new long[][] {{1}, {0}}), 2), DType.INT64, new int[] {2, 1, 2}, 0, 1, 1, 0);
        shape(NDArray.oneHot(NDArray.zeros(DType.INT64, 0), 4), 0, 4);
    }

    @Test
    void getReadsOneElementWithNegativeIndices() {
        NDArray x = iota(2, 3, 4);
        assertEquals(23, x.get(-1, -1, -1));
        assertEquals(x.get(1, 2, 0), x.permute(2, 0, 1).get(0, 1, 2));
        assertArrayEquals(new float[] {3, 7, 11}, x.select(0, 0).select(1, 3).toFloatArray());
    }
}
