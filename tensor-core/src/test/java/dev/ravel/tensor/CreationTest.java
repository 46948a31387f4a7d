package dev.ravel.tensor;

import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factories: shapes, dtypes and values; copies versus shared arrays; values out again. */
class CreationTest {

    @Test
    void zerosOnesFullEmpty() {
        exact(NDArray.zeros(2, 3), DType.FLOAT32, new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        exact(NDArray.ones(DType.INT64, 2), DType.INT64, new int[] {2}, 1, 1);
        exact(NDArray.ones(new int[] {1, 2}, DType.BOOL, Device.CPU), DType.BOOL, new int[] {1, 2}, 1, 1);
        exact(NDArray.full(new int[] {2}, 2.5), DType.FLOAT32, new int[] {2}, 2.5, 2.5);
        exact(NDArray.full(new int[] {2}, 7L), DType.INT64, new int[] {2}, 7, 7);
        exact(NDArray.full(new int[] {2}, true), DType.BOOL, new int[] {2}, 1, 1);
        exact(NDArray.full(new int[] {2}, -2.7, DType.INT64, Device.CPU), DType.INT64, new int[] {2}, -2, -2);
        exact(NDArray.empty(DType.FLOAT64, 0, 3), DType.FLOAT64, new int[] {0, 3});
        NDArray empty = NDArray.empty();   // contents unspecified, as torch.empty
        assertEquals(DType.FLOAT32, empty.dtype());
        assertArrayEquals(new int[0], empty.shape());
        NDArray x = NDArray.of(new double[][] {{1, 2}, {3, 4}}).t();
        exact(NDArray.zerosLike(x), DType.FLOAT64, new int[] {2, 2}, 0, 0, 0, 0);
        exact(NDArray.onesLike(NDArray.of(true)), DType.BOOL, new int[0], 1);
        exact(NDArray.fullLike(NDArray.of(1L, 2L), 3.9), DType.INT64, new int[] {2}, 3, 3);
        assertTrue(NDArray.zerosLike(x).isContiguous());
    }

    @Test
    void nestedJavaArraysAreCopied() {
        float[][] data = {{1, 2, 3}, {4, 5, 6}};
        NDArray x = NDArray.of(data);
        data[0][0] = 100;
        exact(x, DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        exact(NDArray.of(new long[][][] {{{1}, {2}}, {{3}, {4}}}), DType.INT64, new int[] {2, 2, 1}, 1, 2, 3, 4);
        exact(NDArray.of(new int[][] {{1, -2}}), DType.INT64, new int[] {1, 2}, 1, -2);
        exact(NDArray.of(new short[] {3}), DType.INT64, new int[] {1}, 3);
        exact(NDArray.of(new byte[] {-4}), DType.INT64, new int[] {1}, -4);
        exact(NDArray.of(new boolean[][] {{true}, {false}}), DType.BOOL, new int[] {2, 1}, 1, 0);
        exact(NDArray.of(new double[0]), DType.FLOAT64, new int[] {0});
        exact(NDArray.of(new float[2][0]), DType.FLOAT32, new int[] {2, 0});
        exact(NDArray.of((Object) 2.5), DType.FLOAT32, new int[0], 2.5);
        exact(NDArray.of((Object) 2.5f), DType.FLOAT32, new int[0], 2.5);
        exact(NDArray.of((Object) 7), DType.INT64, new int[0], 7);
        exact(NDArray.of((Object) 7L), DType.INT64, new int[0], 7);
        exact(NDArray.of((Object) true), DType.BOOL, new int[0], 1);
        float[] flat = {1, 2};
        NDArray v = NDArray.of(flat);
        flat[0] = 9;
        exact(v, DType.FLOAT32, new int[] {2}, 1, 2);
    }

    @Test
    void fromArrayWrapsWithoutCopying() {
        double[] d = {1, 2, 3, 4, 5, 6};
        NDArray x = NDArray.fromArray(d, 3, -1);
        shape(x, 3, 2);
        d[5] = 60;
        assertEquals(60, x.get(2, 1));
        exact(NDArray.fromArray(new long[] {5}, new int[0]), DType.INT64, new int[0], 5);
        exact(NDArray.fromArray(new boolean[] {true, false}), DType.BOOL, new int[] {2}, 1, 0);
        shape(NDArray.fromArray(new float[0], 0, 4), 0, 4);
    }

    @Test
    void scalarsAreZeroDimensional() {
        exact(NDArray.scalar(1.5), DType.FLOAT32, new int[0], 1.5);
        exact(NDArray.scalar(1.5, DType.FLOAT64), DType.FLOAT64, new int[0], 1.5);
        exact(NDArray.scalar(3L), DType.INT64, new int[0], 3);
        exact(NDArray.scalar(false), DType.BOOL, new int[0], 0);
        assertEquals(Long.MAX_VALUE, NDArray.scalar(Long.MAX_VALUE).itemLong());
    }

    @Test
    void arangeLikeTorch() {
        exact(NDArray.arange(5), DType.INT64, new int[] {5}, 0, 1, 2, 3, 4);
        exact(NDArray.arange(2, 5), DType.INT64, new int[] {3}, 2, 3, 4);
        exact(NDArray.arange(10, 0, -3), DType.INT64, new int[] {4}, 10, 7, 4, 1);
        exact(NDArray.arange(0), DType.INT64, new int[] {0});
        exact(NDArray.arange(3, 3), DType.INT64, new int[] {0});
        NDArray f = NDArray.arange(0.0, 1.0, 0.1);
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals(10, f.numel());
        assertEquals((float) 0.9, f.get(9), 1e-7);
        exact(NDArray.arange(1.0, -1.0, -0.5), DType.FLOAT32, new int[] {4}, 1, 0.5, 0, -0.5);
        exact(NDArray.arange(0.0, 3.0, 1.0, DType.FLOAT64), DType.FLOAT64, new int[] {3}, 0, 1, 2);
        // int64: start, end and step become integers first (end 2.5 -> 2), as PyTorch.
        exact(NDArray.arange(0.0, 2.5, 1.0, DType.INT64), DType.INT64, new int[] {2}, 0, 1);
    }

    @Test
    void linspaceHitsBothEndsExactly() {
        NDArray l = NDArray.linspace(0, 1, 5);
        exact(l, DType.FLOAT32, new int[] {5}, 0, 0.25, 0.5, 0.75, 1);
        NDArray m = NDArray.linspace(-1, 0.3, 7, DType.FLOAT64);
        double[] v = Check.values(m);
        assertEquals(-1, v[0]);
        assertEquals(0.3, v[6]);
        for (int i = 0; i < 7; i++) {
            assertEquals(-1 + 1.3 * i / 6, v[i], 1e-15);
        }
        exact(NDArray.linspace(2, 9, 1), DType.FLOAT32, new int[] {1}, 2);
        exact(NDArray.linspace(2, 9, 0), DType.FLOAT32, new int[] {0});
        exact(NDArray.linspace(3, 1, 3), DType.FLOAT32, new int[] {3}, 3, 2, 1);
    }

    @Test
    void eye() {
        exact(NDArray.eye(3), DType.FLOAT32, new int[] {3, 3}, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        exact(NDArray.eye(2, 3, DType.INT64), DType.INT64, new int[] {2, 3}, 1, 0, 0, 0, 1, 0);
        exact(NDArray.eye(3, 1, DType.BOOL), DType.BOOL, new int[] {3, 1}, 1, 0, 0);
        shape(NDArray.eye(0), 0, 0);
    }

    @Test
    void valuesOutInEveryType() {
        NDArray x = NDArray.of(new double[][] {{1.5, -2.5}, {0, 3}}).t();
        assertArrayEquals(new float[] {1.5f, 0, -2.5f, 3}, x.toFloatArray());
        assertArrayEquals(new double[] {1.5, 0, -2.5, 3}, x.toDoubleArray());
        assertArrayEquals(new long[] {1, 0, -2, 3}, x.toLongArray());
        assertArrayEquals(new boolean[] {true, false, true, true}, x.toBooleanArray());
        assertEquals(-2.5, x.get(1, 0));
        assertEquals(3.0, x.select(1, 1).select(0, 1).item());
        assertEquals(1, NDArray.of(true).item());
        assertEquals(-7, NDArray.of(new long[] {-7}).itemLong());
        assertEquals(2, NDArray.of(2.9f).itemLong());
        assertArrayEquals(new float[0], NDArray.zeros(0, 2).toFloatArray());
    }

    @Test
    void equalAndAllclose() {
        NDArray a = NDArray.of(1f, 2f, 3f);
        assertTrue(a.equal(NDArray.of(1.0, 2.0, 3.0)));
        assertTrue(a.equal(NDArray.of(1L, 2L, 3L)));
        assertFalse(a.equal(NDArray.of(1f, 2f)));
        assertFalse(a.equal(a.view(3, 1)));
        assertTrue(NDArray.zeros(0).equal(NDArray.zeros(0)));
        assertTrue(a.allclose(a.add(1e-7)));
        assertFalse(a.allclose(a.add(1e-3)));
        assertTrue(a.allclose(a.add(1e-3), 1e-3, 0, false));
        NDArray nan = NDArray.of(Float.NaN, Float.POSITIVE_INFINITY);
        assertFalse(nan.allclose(nan));
        assertTrue(nan.allclose(nan, 1e-5, 1e-8, true));
        assertTrue(a.allclose(NDArray.of(1f, 2f, 3f).expand(2, 3)), "broadcasts");
    }

    @Test
    void printsLikeTorch() {
        assertEquals("tensor([1., 2., 3.])", NDArray.of(1f, 2f, 3f).toString());
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", NDArray.of(new float[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("tensor(3.5000)", NDArray.scalar(3.5).toString());
        assertEquals("tensor([1, 2])", NDArray.of(1L, 2L).toString());
        assertEquals("tensor([ True, False])", NDArray.of(true, false).toString());
        assertEquals("tensor([0.5000, 1.2500], dtype=torch.float64)", NDArray.of(0.5, 1.25).toString());
        assertEquals("tensor([])", NDArray.zeros(0).toString());
        assertEquals("tensor([], size=(0, 3))", NDArray.zeros(0, 3).toString());
        assertEquals("tensor([], dtype=torch.int64)", NDArray.zeros(DType.INT64, 0).toString());
        assertEquals("tensor([[1., 3.],\n        [2., 4.]])", NDArray.of(new float[][] {{1, 2}, {3, 4}}).t().toString());
        String big = NDArray.arange(2000).toString();
        assertTrue(big.startsWith("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"), big);
    }
}
