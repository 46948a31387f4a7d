package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.shape;
import static dev.ravel.tensor.Check.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Views share storage and copy nothing; writes through a view reach the base; copies are real copies. */
class LayoutViewTest {

    /** 0, 1, ..., n-1 as float32 with the given shape. */
    private static NDArray iota(int... shape) {
        int n = Shapes.numel(shape);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return NDArray.fromArray(a, shape);
    }

    private static double[] seq(int from, int to) {
        double[] d = new double[to - from];
        for (int i = 0; i < d.length; i++) {
            d[i] = from + i;
        }
        return d;
    }

    @Test
    void fromArraySharesTheJavaArray() {
        float[] a = {1, 2, 3, 4, 5, 6};
        NDArray x = NDArray.fromArray(a, 2, 3);
        a[4] = 40;
        assertEquals(40, x.get(1, 1));
        x.select(0, 0).fill_(7);
        assertEquals(7f, a[0]);
        assertEquals(7f, a[2]);
    }

    @Test
    void viewSharesStorageAndWritesReachTheBase() {
        NDArray x = iota(2, 6);
        NDArray v = x.view(3, 4);
        assertSame(x.storage(), v.storage());
        shape(v, 3, 4);
        assertArrayEquals(new int[] {4, 1}, v.strides());
        v.select(1, 2).fill_(-1);   // column 2 of the [3, 4] view: flat 2, 6, 10
        double[] expected = seq(0, 12);
        expected[2] = expected[6] = expected[10] = -1;
        exact(x, DType.FLOAT32, new int[] {2, 6}, expected);
        NDArray inferred = x.view(-1, 2);
        shape(inferred, 6, 2);
        assertSame(x.storage(), inferred.storage());
    }

    @Test
    void reshapeIsAViewWhenPossibleAndACopyOtherwise() {
        NDArray x = iota(3, 4);
        NDArray r = x.reshape(2, 2, 3);
        assertSame(x.storage(), r.storage());

        NDArray t = x.t();                       // [4, 3], strides [1, 4]
        NDArray copy = t.reshape(12);
        assertNotSame(x.storage(), copy.storage());
        assertTrue(copy.isContiguous());
        double[] expected = new double[12];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                expected[i * 3 + j] = j * 4 + i;
            }
        }
        exact(copy, DType.FLOAT32, new int[] {12}, expected);
        // Merging the dims of a transposed view that stay row-major among themselves is still a view.
        NDArray p = iota(2, 3, 4).permute(2, 0, 1);     // [4, 2, 3], strides [1, 12, 4]
        NDArray merged = p.reshape(4, 6);
        assertSame(p.storage(), merged.storage());
        assertArrayEquals(new int[] {1, 4}, merged.strides());
    }

    @Test
    void viewOfANonViewableLayoutFailsAndReshapeCopies() {
        NDArray t = iota(3, 4).t();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("view"), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("reshape"), e.getMessage());
        shape(t.reshape(12), 12);
    }

    @Test
    void viewHandlesSizeOneDimsWithAnyStrideAndZeroSize() {
        // A size-1 dim's stride is irrelevant: still contiguous, still viewable.
        NDArray x = new NDArray(iota(6).storage(), new Layout(new int[] {2, 1, 3}, new int[] {3, 77, 1}, 0));
        assertTrue(x.isContiguous());
        NDArray v = x.view(6);
        assertSame(x.storage(), v.storage());
        exact(v, DType.FLOAT32, new int[] {6}, seq(0, 6));
        NDArray empty = NDArray.zeros(0, 3);
        shape(empty.view(3, 0), 3, 0);
        shape(empty.view(-1, 3, 5), 0, 3, 5);
        shape(NDArray.zeros(1).view(), new int[0]);
        shape(NDArray.scalar(2.0).view(1, 1), 1, 1);
    }

    @Test
    void permuteTransposeTAndMT() {
        NDArray x = iota(2, 3, 4);
        NDArray p = x.permute(2, 0, -2);
        assertSame(x.storage(), p.storage());
        shape(p, 4, 2, 3);
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertFalse(p.isContiguous());
        assertEquals(1 * 12 + 2 * 4 + 3, p.get(3, 1, 2));

        NDArray tr = x.transpose(0, -1);
        shape(tr, 4, 3, 2);
        assertArrayEquals(new int[] {1, 4, 12}, tr.strides());

        NDArray m = iota(3, 5);
        NDArray t = m.t();
        shape(t, 5, 3);
        assertEquals(m.get(2, 4), t.get(4, 2));
        assertSame(m.storage(), t.storage());
        NDArray v = NDArray.of(1f, 2f, 3f);
        assertSame(v, v.t());
        NDArray s = NDArray.scalar(1.0);
        assertSame(s, s.t());

        NDArray mt = x.mT();
        shape(mt, 2, 4, 3);
        assertArrayEquals(new int[] {12, 1, 4}, mt.strides());
        assertEquals(x.get(1, 2, 3), mt.get(1, 3, 2));
    }

    @Test
    void narrowSelectAndSliceWithStep() {
        NDArray x = iota(4, 6);
        NDArray n = x.narrow(1, 2, 3);
        assertSame(x.storage(), n.storage());
        shape(n, 4, 3);
        assertEquals(2, n.offset());
        exact(n.select(0, 1), DType.FLOAT32, new int[] {3}, 8, 9, 10);
        exact(x.narrow(-1, -2, 2).select(0, 0), DType.FLOAT32, new int[] {2}, 4, 5);
        shape(x.narrow(0, 4, 0), 0, 6);

        NDArray row = x.select(0, -1);
        shape(row, 6);
        exact(row, DType.FLOAT32, new int[] {6}, seq(18, 24));
        NDArray col = x.select(1, 3);
        assertArrayEquals(new int[] {6}, col.strides());
        exact(col, DType.FLOAT32, new int[] {4}, 3, 9, 15, 21);

        NDArray s = x.slice(1, 1, 6, 2);
        shape(s, 4, 3);
        assertArrayEquals(new int[] {6, 2}, s.strides());
        exact(s.select(0, 2), DType.FLOAT32, new int[] {3}, 13, 15, 17);
        // Python clamping: x[:, -4:100:3] and empty slices.
        exact(x.slice(1, -4, 100, 3).select(0, 0), DType.FLOAT32, new int[] {2}, 2, 5);
        shape(x.slice(1, 5, 2), 4, 0);
        shape(x.slice(0, -100, 100), 4, 6);
        // Slices of slices compose their steps.
        NDArray ss = iota(20).slice(0, 1, 20, 3).slice(0, 0, 7, 2);
        exact(ss, DType.FLOAT32, new int[] {4}, 1, 7, 13, 19);
    }

    @Test
    void expandAndBroadcastToUseStrideZero() {
        NDArray col = iota(3, 1);
        NDArray e = col.expand(2, 3, 4);
        assertSame(col.storage(), e.storage());
        shape(e, 2, 3, 4);
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        double[] expected = new double[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = (i / 4) % 3;
        }
        exact(e, DType.FLOAT32, new int[] {2, 3, 4}, expected);
        shape(col.expand(-1, 5), 3, 5);
        shape(NDArray.scalar(1.0).expand(2, 2), 2, 2);
        NDArray b = iota(4).broadcastTo(3, 4);
        assertArrayEquals(new int[] {0, 1}, b.strides());
        shape(iota(1, 4).expandAs(NDArray.zeros(2, 4)), 2, 4);
        shape(iota(3, 1).expand(3, 0), 3, 0);
    }

    @Test
    void squeezeUnsqueezeFlattenUnflatten() {
        NDArray x = iota(1, 3, 1, 2);
        NDArray sq = x.squeeze();
        shape(sq, 3, 2);
        assertSame(x.storage(), sq.storage());
        shape(x.squeeze(2), 1, 3, 2);
        shape(x.squeeze(1), 1, 3, 1, 2);   // not size 1: unchanged
        shape(x.squeeze(-4), 3, 1, 2);
        shape(NDArray.scalar(1.0).squeeze(0), new int[0]);

        NDArray v = iota(3, 2);
        shape(v.unsqueeze(0), 1, 3, 2);
        shape(v.unsqueeze(-1), 3, 2, 1);
        shape(v.unsqueeze(1), 3, 1, 2);
        assertArrayEquals(new int[] {2, 2, 1}, v.unsqueeze(1).strides());
        shape(NDArray.scalar(1.0).unsqueeze(0), 1);
        NDArray ut = v.t().unsqueeze(1);   // a transposed view keeps its strides; the new one is size * stride
        assertArrayEquals(new int[] {1, 6, 2}, ut.strides());
        assertEquals(v.get(2, 1), ut.get(1, 0, 2));

        NDArray y = iota(2, 3, 4);
        NDArray f = y.flatten();
        shape(f, 24);
        assertSame(y.storage(), f.storage());
        shape(y.flatten(1, 2), 2, 12);
        shape(y.flatten(0, 1), 6, 4);
        assertSame(y, y.flatten(1, 1));
        shape(NDArray.scalar(3.0).flatten(), 1);
        NDArray tf = y.transpose(0, 2).flatten();
        assertNotSame(y.storage(), tf.storage());
        assertEquals(y.get(0, 1, 2), tf.get(2 * 6 + 1 * 2 + 0));

        NDArray u = f.unflatten(0, 4, -1);
        shape(u, 4, 6);
        assertSame(y.storage(), u.storage());
        shape(y.unflatten(-1, 2, 2), 2, 3, 2, 2);
    }

    @Test
    void diagonalIsAViewAtAnyOffset() {
        NDArray x = iota(3, 4);
        NDArray d = x.diagonal();
        assertSame(x.storage(), d.storage());
        exact(d, DType.FLOAT32, new int[] {3}, 0, 5, 10);
        exact(x.diagonal(1, 0, 1), DType.FLOAT32, new int[] {3}, 1, 6, 11);
        exact(x.diagonal(2, 0, 1), DType.FLOAT32, new int[] {2}, 2, 7);
        exact(x.diagonal(-1, 0, 1), DType.FLOAT32, new int[] {2}, 4, 9);
        exact(x.diagonal(0, 1, 0), DType.FLOAT32, new int[] {3}, 0, 5, 10);
        shape(x.diagonal(5, 0, 1), 0);
        shape(x.diagonal(-3, 0, 1), 0);
        // Batched: the diagonal becomes the last dim.
        NDArray b = iota(2, 3, 3);
        NDArray bd = b.diagonal(0, 1, 2);
        shape(bd, 2, 3);
        exact(bd, DType.FLOAT32, new int[] {2, 3}, 0, 4, 8, 9, 13, 17);
        shape(b.diagonal(0, 0, 2), 3, 2);
        x.diagonal().fill_(-1);
        exact(x.select(0, 1), DType.FLOAT32, new int[] {4}, 4, -1, 6, 7);
    }

    @Test
    void writesThroughTransposedNarrowedAndSteppedViewsLandInTheBase() {
        NDArray x = NDArray.zeros(3, 4);
        x.t().select(0, 2).fill_(5);           // column 2
        x.narrow(0, 1, 2).narrow(1, 0, 2).fill_(7);
        x.slice(1, 1, 4, 2).select(0, 0).fill_(9);   // row 0, columns 1 and 3
        exact(x, DType.FLOAT32, new int[] {3, 4},
                0, 9, 5, 9,
                7, 7, 5, 0,
                7, 7, 5, 0);
        NDArray y = NDArray.zeros(2, 3);
        y.t().copy_(NDArray.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        exact(y, DType.FLOAT32, new int[] {2, 3}, 1, 3, 5, 2, 4, 6);
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        NDArray x = iota(3, 4);
        assertSame(x, x.contiguous());
        NDArray row = x.narrow(0, 1, 2);           // contiguous with an offset
        assertTrue(row.isContiguous());
        assertSame(row, row.contiguous());
        NDArray t = x.t();
        NDArray c = t.contiguous();
        assertNotSame(t.storage(), c.storage());
        assertTrue(c.isContiguous());
        assertArrayEquals(new int[] {3, 1}, c.strides());
        assertEquals(0, c.offset());
        assertEquals(t.get(3, 2), c.get(3, 2));
        NDArray e = NDArray.of(1f, 2f).expand(3, 2).contiguous();
        assertArrayEquals(new int[] {2, 1}, e.strides());
        exact(e, DType.FLOAT32, new int[] {3, 2}, 1, 2, 1, 2, 1, 2);
        NDArray stepped = iota(10).slice(0, 0, 10, 3);
        assertFalse(stepped.isContiguous());
        exact(stepped.contiguous(), DType.FLOAT32, new int[] {4}, 0, 3, 6, 9);
    }

    @Test
    void cloneIsIndependent() {
        NDArray x = iota(2, 3);
        NDArray c = x.clone();
        assertNotSame(x.storage(), c.storage());
        c.fill_(0);
        exact(x, DType.FLOAT32, new int[] {2, 3}, seq(0, 6));
        NDArray tc = x.t().clone();
        assertTrue(tc.isContiguous());
        exact(tc, DType.FLOAT32, new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
        NDArray z = NDArray.zeros(0, 4).clone();
        shape(z, 0, 4);
        NDArray s = NDArray.scalar(5L).clone();
        exact(s, DType.INT64, new int[0], 5);
    }

    @Test
    void copyBroadcastsAndCasts() {
        NDArray dst = NDArray.zeros(DType.INT64, 2, 3);
        dst.copy_(NDArray.of(new double[] {1.9, -1.9, 2.5}));
        exact(dst, DType.INT64, new int[] {2, 3}, 1, -1, 2, 1, -1, 2);
        NDArray b = NDArray.zeros(DType.BOOL, 3);
        b.copy_(NDArray.of(0.0, -0.5, 3.0));
        exact(b, DType.BOOL, new int[] {3}, 0, 1, 1);
        NDArray f = NDArray.zeros(2, 2);
        f.copy_(NDArray.scalar(true));
        exact(f, DType.FLOAT32, new int[] {2, 2}, 1, 1, 1, 1);
        // Overlapping source and destination in one storage: copy_ behaves as if through a temporary.
        NDArray sq = iota(3, 3);
        sq.copy_(sq.t());
        exact(sq, DType.FLOAT32, new int[] {3, 3}, 0, 3, 6, 1, 4, 7, 2, 5, 8);
    }

    @Test
    void toDtypeConvertsLikeTorch() {
        NDArray f = NDArray.of(-2.7f, -0.5f, 0f, 0.5f, 2.7f);
        assertSame(f, f.to(DType.FLOAT32));
        exact(f.to(DType.INT64), DType.INT64, new int[] {5}, -2, 0, 0, 0, 2);
        exact(f.to(DType.BOOL), DType.BOOL, new int[] {5}, 1, 1, 0, 1, 1);
        NDArray d = f.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, d.dtype());
        assertEquals((double) -2.7f, d.get(0));
        exact(NDArray.of(true, false).to(DType.FLOAT32), DType.FLOAT32, new int[] {2}, 1, 0);
        exact(NDArray.of(true, false).to(DType.INT64), DType.INT64, new int[] {2}, 1, 0);
        long big = (1L << 53) + 1;
        assertEquals(big, NDArray.of(big).to(DType.INT64).itemLong());
        // A cast of a non-contiguous view copies into a contiguous array.
        NDArray t = iota(2, 3).t().to(DType.INT64);
        assertTrue(t.isContiguous());
        exact(t, DType.INT64, new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
    }

    @Test
    void zeroDimensionalArrays() {
        NDArray s = NDArray.scalar(3.5);
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertArrayEquals(new int[0], s.shape());
        assertTrue(s.isContiguous());
        assertEquals(3.5, s.item());
        shape(s.reshape(1, 1), 1, 1);
        shape(s.reshape(), new int[0]);
        shape(s.permute(), new int[0]);
        shape(s.squeeze(), new int[0]);
        shape(s.transpose(0, -1), new int[0]);
        assertSame(s.storage(), s.transpose(0, -1).storage());
        NDArray one = iota(1, 1).view();
        shape(one, new int[0]);
    }
}
