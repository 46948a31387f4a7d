package dev.ravel.tensor;

import static dev.ravel.tensor.Check.close;
import static dev.ravel.tensor.Check.exact;
import static dev.ravel.tensor.Check.fails;
import static dev.ravel.tensor.Check.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Reductions, arg-reductions, scans and softmax against reductions written out here by hand. */
class ReductionTest {
    private static final double NAN = Double.NaN;

    /** Reduces {@code dims} (normalised) of row-major {@code v}; the result is row-major over the kept dims. */
    static double[] reduce(double[] v, int[] shape, int[] dims, double init, DoubleBinaryOperator f) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) {
            red[d] = true;
        }
        int outN = 1;
        for (int d = 0; d < shape.length; d++) {
            outN *= red[d] ? 1 : shape[d];
        }
        double[] out = new double[outN];
        java.util.Arrays.fill(out, init);
        int[] idx = new int[shape.length];
        for (int i = 0; i < v.length; i++) {
            int rem = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                if (!red[d]) {
                    o = o * shape[d] + idx[d];
                }
            }
            out[o] = f.applyAsDouble(out[o], v[i]);
        }
        return out;
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? NAN : Math.max(a, b);
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? NAN : Math.min(a, b);
    }

    private static int[] kept(int[] shape, int[] dims, boolean keepDim) {
        List<Integer> s = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            boolean r = false;
            for (int x : dims) {
                r |= x == d;
            }
            if (!r) {
                s.add(shape[d]);
            } else if (keepDim) {
                s.add(1);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every layout at the odd sizes, plus a permuted 3-D array. */
    private static List<Layouts.Case> inputs(DType t, double lo, double hi) {
        List<Layouts.Case> all = new ArrayList<>();
        for (int n : new int[] {1, 15, 17, 33, 65, 1025, 70_001}) {
            all.addAll(Layouts.cases(t, n, 100 + n, lo, hi));
        }
        double[] base = Layouts.data(t, 2 * 5 * 7, 9, lo, hi);      // [2, 5, 7] permuted to [7, 2, 5]
        double[] pv = new double[base.length];
        for (int a = 0; a < 7; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 5; c++) {
                    pv[(a * 2 + b) * 5 + c] = base[(b * 5 + c) * 7 + a];
                }
            }
        }
        all.add(new Layouts.Case("permuted[7, 2, 5]", Layouts.array(t, base, 2, 5, 7).permute(2, 0, 1), pv));
        return all;
    }

    private static List<int[]> dimChoices(int rank) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[0]);
        for (int d = 0; d < rank; d++) {
            out.add(new int[] {d});
        }
        if (rank == 3) {
            out.add(new int[] {0, 2});
            out.add(new int[] {-1, -2});
        }
        return out;
    }

    private static int[] norm(int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i] < 0 ? dims[i] + rank : dims[i];
        }
        return out;
    }

    private static double sumAbs(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s;
    }

    /** Many rows over the last dim, split over the threads, each row a sum of its own (as one row alone gives). */
    @Test
    void sumOverTheLastDimOfManyRowsIsEachRowsSum() {
        NDArray wide = NDArray.rand(new int[] {2, 300, 1100}, DType.FLOAT32, new Generator(21));
        NDArray x = wide.narrow(2, 5, 1030);   // rows 1100 apart, 1030 long: beyond one 1024-run
        NDArray s = x.sum(-1);
        assertArrayEquals(new int[] {2, 300}, s.shape());
        float[] got = s.toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < 300; r++) {
                NDArray row = x.select(0, b).select(0, r);
                float alone = (float) row.sum().item();
                assertEquals(alone, got[b * 300 + r], 0f, "row " + b + ", " + r);
                double exact = 0;
                for (float v : row.toFloatArray()) {
                    exact += v;
                }
                assertEquals(exact, got[b * 300 + r], 2e-4, "row " + b + ", " + r);
            }
        }
    }

    @Test
    void sumMeanAmaxAminOnEveryLayoutAndDim() {
        for (Layouts.Case c : inputs(DType.FLOAT32, -1, 1)) {
            int[] shape = c.array().shape();
            for (int[] dims : dimChoices(shape.length)) {
                int[] nd = norm(dims, shape.length);
                int count = 1;
                for (int d : nd) {
                    count *= shape[d];
                }
                for (boolean keep : new boolean[] {false, true}) {
                    String ctx = c + " dims " + java.util.Arrays.toString(dims) + " keepDim " + keep;
                    int[] outShape = kept(shape, nd, keep);
                    double tol = 1e-6 * Math.max(1, sumAbs(c.values()) / Math.max(1, Shapes.numel(outShape)));
                    NDArray s = c.array().sum(dims, keep);
                    assertArrayEquals(outShape, s.shape(), ctx);
                    assertEquals(DType.FLOAT32, s.dtype());
                    double[] es = reduce(c.values(), shape, nd, 0, Double::sum);
                    close(es, s, 1e-6, tol, "sum " + ctx);
                    double[] em = es.clone();
                    for (int i = 0; i < em.length; i++) {
                        em[i] /= count;
                    }
                    close(em, c.array().mean(dims, keep), 1e-6, tol / count, "mean " + ctx);
                    close(reduce(c.values(), shape, nd, Double.NEGATIVE_INFINITY, ReductionTest::nanMax),
                            c.array().amax(dims, keep), 0, 0, "amax " + ctx);
                    close(reduce(c.values(), shape, nd, Double.POSITIVE_INFINITY, ReductionTest::nanMin),
                            c.array().amin(dims, keep), 0, 0, "amin " + ctx);
                }
            }
        }
    }

    @Test
    void int64AndBoolSumsStayExactIntegers() {
        for (Layouts.Case c : inputs(DType.INT64, -1000, 1000)) {
            int[] shape = c.array().shape();
            for (int[] dims : dimChoices(shape.length)) {
                int[] nd = norm(dims, shape.length);
                NDArray s = c.array().sum(dims, false);
                assertEquals(DType.INT64, s.dtype());
                close(reduce(c.values(), shape, nd, 0, Double::sum), s, 0, 0, "int64 sum " + c);
                close(reduce(c.values(), shape, nd, Double.NEGATIVE_INFINITY, Math::max), c.array().amax(dims, false),
                        0, 0, "int64 amax " + c);
            }
        }
        NDArray b = NDArray.of(new boolean[][] {{true, false, true}, {true, true, true}});
        exact(b.sum(), DType.INT64, new int[0], 5);
        exact(b.sum(1), DType.INT64, new int[] {2}, 2, 3);
        exact(b.t().sum(0), DType.INT64, new int[] {2}, 2, 3);
        exact(b.amax(new int[] {1}, false), DType.BOOL, new int[] {2}, 1, 1);
        exact(b.amin(new int[] {1}, false), DType.BOOL, new int[] {2}, 0, 1);
    }

    @Test
    void int64ReductionsAreExactBeyondTwoToThe53() {
        long big = (1L << 60) + 1;
        NDArray x = NDArray.of(big, 1L, -3L);
        assertArrayEquals(new long[] {big - 2}, Check.longs(x.sum().view(1)));
        assertArrayEquals(new long[] {big}, Check.longs(x.max().view(1)));
        assertArrayEquals(new long[] {big}, Check.longs(x.amax(new int[] {0}, true)));
        assertArrayEquals(new long[] {-3 * big}, Check.longs(NDArray.of(big, -3L).prod().view(1)));
        assertArrayEquals(new long[] {big, big + 1, big - 2}, Check.longs(x.cumsum(0)));
        NDArray m = NDArray.of(new long[][] {{big, 2}, {big + 2, 4}});
        assertArrayEquals(new long[] {2 * big + 2, 6}, Check.longs(m.sum(0)));
        assertArrayEquals(new long[] {big + 2, 4}, Check.longs(m.amax(new int[] {0}, false)));
        assertArrayEquals(new long[] {big + 2}, Check.longs(m.max(0).values().narrow(0, 0, 1)));
    }

    @Test
    void float32SumOfFourMillionElementsIsAccurate() {
        int n = 4 << 20;
        float[] a = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        double ref = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 0.9);
            ref += a[i];
            abs += Math.abs(a[i]);
        }
        NDArray x = NDArray.fromArray(a);
        double got = x.sum().item();
        // A naive float loop is off by ~1e-4 of the total here; runs accumulated in double are not.
        assertEquals(ref, got, 1e-6 * abs + Math.ulp((float) ref), "sum of " + n);
        assertEquals(ref / n, x.mean().item(), 1e-6 * abs / n + Math.ulp((float) (ref / n)));
        // The same elements summed along a dim, in rows and in columns.
        NDArray m = x.view(2048, 2048);
        double[] cols = m.sum(0).toDoubleArray();
        double[] rows = m.sum(1).toDoubleArray();
        double total = 0;
        for (int j = 0; j < 2048; j++) {
            double c = 0;
            double cAbs = 0;
            double rr = 0;
            double rAbs = 0;
            for (int i = 0; i < 2048; i++) {
                c += a[i * 2048 + j];
                cAbs += Math.abs(a[i * 2048 + j]);
                rr += a[j * 2048 + i];
                rAbs += Math.abs(a[j * 2048 + i]);
            }
            assertEquals(c, cols[j], 1e-6 * cAbs + Math.ulp((float) c), "column " + j);
            assertEquals(rr, rows[j], 1e-6 * rAbs + Math.ulp((float) rr), "row " + j);
            total += cols[j];
        }
        assertEquals(ref, total, 1e-6 * abs);
        // Equal values are the worst case for a float accumulator (off by ~1e-5 after 1024 of them).
        NDArray tenths = NDArray.full(new int[] {1 << 22}, 0.1);
        double exactSum = 0.1f * (double) (1 << 22);
        assertEquals(exactSum, tenths.sum().item(), 1e-6 * exactSum, "sum of 2^22 x 0.1f");
        NDArray block = NDArray.full(new int[] {1024, 48}, 0.7);
        double colSum = 0.7f * 1024.0;
        double[] cs = block.sum(0).toDoubleArray();
        for (double c : cs) {
            assertEquals(colSum, c, 1e-6 * colSum, "column sums of 1024 rows");
        }
        assertEquals(colSum, block.t().sum(1).toDoubleArray()[7], 1e-6 * colSum, "the same through a transposed view");
        assertEquals(colSum / 1024, block.mean(0).toDoubleArray()[3], 1e-6 * colSum / 1024, "mean over rows");
    }

    @Test
    void prodAndFloat64() {
        for (Layouts.Case c : inputs(DType.FLOAT64, 0.99, 1.01)) {
            int[] shape = c.array().shape();
            for (int[] dims : dimChoices(shape.length)) {
                int[] nd = norm(dims, shape.length);
                if (dims.length <= 1) {
                    NDArray p = dims.length == 0 ? c.array().prod() : c.array().prod(dims[0], false);
                    close(reduce(c.values(), shape, nd, 1, (a, b) -> a * b), p, 1e-12, 0, "prod " + c);
                }
                close(reduce(c.values(), shape, nd, 0, Double::sum), c.array().sum(dims, false), 1e-12, 1e-12,
                        "float64 sum " + c);
            }
        }
        NDArray m = NDArray.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        exact(m.prod(), DType.FLOAT32, new int[0], 720);
        exact(m.prod(1, false), DType.FLOAT32, new int[] {2}, 6, 120);
        exact(m.t().prod(1, true), DType.FLOAT32, new int[] {3, 1}, 4, 10, 18);
        exact(NDArray.of(2L, 3L, 4L).prod(), DType.INT64, new int[0], 24);
        exact(NDArray.of(true, true).prod(), DType.INT64, new int[0], 1);
    }

    @Test
    void maxMinWithIndicesFirstOnTies() {
        NDArray x = NDArray.of(new float[][] {{1, 5, 5, 0}, {7, 7, -1, 7}, {-2, -3, -3, -2}});
        ValuesIndices mx = x.max(1);
        exact(mx.values(), DType.FLOAT32, new int[] {3}, 5, 7, -2);
        exact(mx.indices(), DType.INT64, new int[] {3}, 1, 0, 0);
        ValuesIndices mn = x.min(1, true);
        exact(mn.values(), DType.FLOAT32, new int[] {3, 1}, 0, -1, -3);
        exact(mn.indices(), DType.INT64, new int[] {3, 1}, 3, 2, 1);
        ValuesIndices m0 = x.max(0);
        exact(m0.values(), DType.FLOAT32, new int[] {4}, 7, 7, 5, 7);
        exact(m0.indices(), DType.INT64, new int[] {4}, 1, 1, 0, 1);
        ValuesIndices t = x.t().max(-1);   // max over the original dim 0, read through a transposed view
        exact(t.indices(), DType.INT64, new int[] {4}, 1, 1, 0, 1);
        exact(x.argmax(), DType.INT64, new int[0], 4);
        exact(x.argmin(), DType.INT64, new int[0], 9);
        exact(x.argmax(1, false), DType.INT64, new int[] {3}, 1, 0, 0);
        exact(x.argmin(0, true), DType.INT64, new int[] {1, 4}, 2, 2, 2, 2);
        exact(x.max(), DType.FLOAT32, new int[0], 7);
        exact(x.min(), DType.FLOAT32, new int[0], -3);
        exact(NDArray.of(3L, 9L, 9L).argmax(), DType.INT64, new int[0], 1);
        ValuesIndices b = NDArray.of(false, true, true).max(0);
        exact(b.values(), DType.BOOL, new int[0], 1);
        exact(b.indices(), DType.INT64, new int[0], 1);
        ValuesIndices s = NDArray.scalar(4.0).max(0);
        exact(s.values(), DType.FLOAT32, new int[0], 4);
        exact(s.indices(), DType.INT64, new int[0], 0);
    }

    @Test
    void nanPropagatesInMaxMinAndArgReductions() {
        NDArray x = NDArray.of(new float[][] {{1, Float.NaN, 3, Float.NaN}, {4, 5, 6, 7}});
        exact(x.max(), DType.FLOAT32, new int[0], NAN);
        exact(x.min(), DType.FLOAT32, new int[0], NAN);
        exact(x.amax(new int[] {1}, false), DType.FLOAT32, new int[] {2}, NAN, 7);
        exact(x.amin(new int[] {0}, false), DType.FLOAT32, new int[] {4}, 1, NAN, 3, NAN);
        exact(x.argmax(), DType.INT64, new int[0], 1);
        exact(x.argmin(), DType.INT64, new int[0], 1);
        ValuesIndices m = x.max(1);
        exact(m.values(), DType.FLOAT32, new int[] {2}, NAN, 7);
        exact(m.indices(), DType.INT64, new int[] {2}, 1, 3);
        ValuesIndices n = x.min(1);
        exact(n.values(), DType.FLOAT32, new int[] {2}, NAN, 4);
        exact(n.indices(), DType.INT64, new int[] {2}, 1, 0);
        // Long contiguous runs go through the vector max/min kernels.
        float[] big = new float[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        big[517] = Float.NaN;
        NDArray y = NDArray.fromArray(big);
        exact(y.max(), DType.FLOAT32, new int[0], NAN);
        exact(y.min(), DType.FLOAT32, new int[0], NAN);
        exact(y.argmax(), DType.INT64, new int[0], 517);
        exact(y.view(10, 100).amax(new int[] {1}, false).isnan(), DType.BOOL, new int[] {10},
                0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        exact(NDArray.of(1.0, NAN).sum(), DType.FLOAT64, new int[0], NAN);
    }

    @Test
    void emptyReductionsGiveIdentitiesOrFail() {
        NDArray e = NDArray.zeros(0, 3);
        exact(e.sum(), DType.FLOAT32, new int[0], 0);
        exact(e.sum(0), DType.FLOAT32, new int[] {3}, 0, 0, 0);
        shape(e.sum(1), 0);
        exact(e.prod(0, false), DType.FLOAT32, new int[] {3}, 1, 1, 1);
        exact(e.mean(), DType.FLOAT32, new int[0], NAN);
        exact(e.all(), DType.BOOL, new int[0], 1);
        exact(e.any(), DType.BOOL, new int[0], 0);
        exact(e.all(0, false), DType.BOOL, new int[] {3}, 1, 1, 1);
        exact(NDArray.zeros(DType.INT64, 0).sum(), DType.INT64, new int[0], 0);
        shape(e.amax(new int[] {1}, false), 0);
        shape(e.max(1).indices(), 0);
        shape(e.cumsum(0), 0, 3);
        shape(e.softmax(0), 0, 3);
        exact(e.logsumexp(0, false), DType.FLOAT32, new int[] {3}, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY);
        shape(e.logsumexp(new int[] {0, 1}, true), 1, 1);
        fails(IllegalArgumentException.class, e::max, "max()", "numel() == 0");
        fails(IllegalArgumentException.class, e::min, "min()", "numel() == 0");
        fails(IllegalArgumentException.class, () -> e.amax(new int[] {0}, false), "amax", "dim 0", "[0, 3]");
        fails(IllegalArgumentException.class, () -> e.amin(new int[0], false), "amin", "[0, 3]");
        fails(IllegalArgumentException.class, () -> e.max(0), "max", "dim 0", "[0, 3]");
        fails(IllegalArgumentException.class, () -> e.argmax(0, false), "argmax", "[0, 3]");
        fails(IllegalArgumentException.class, e::argmax, "argmax");
    }

    @Test
    void zeroDimReductions() {
        NDArray s = NDArray.scalar(2.5);
        exact(s.sum(), DType.FLOAT32, new int[0], 2.5);
        exact(s.sum(0), DType.FLOAT32, new int[0], 2.5);
        exact(s.sum(-1, true), DType.FLOAT32, new int[0], 2.5);
        exact(s.mean(), DType.FLOAT32, new int[0], 2.5);
        exact(s.max(), DType.FLOAT32, new int[0], 2.5);
        exact(s.argmax(), DType.INT64, new int[0], 0);
        exact(s.cumsum(0), DType.FLOAT32, new int[0], 2.5);
        exact(s.softmax(0), DType.FLOAT32, new int[0], 1);
        exact(s.logSoftmax(0), DType.FLOAT32, new int[0], 0);
        exact(NDArray.scalar(3L).sum(), DType.INT64, new int[0], 3);
        exact(NDArray.scalar(true).sum(), DType.INT64, new int[0], 1);
        NDArray sum = s.sum();
        sum.fill_(0);
        assertEquals(2.5, s.item(), "a reduction of a 0-d array is a copy");
        fails(IndexOutOfBoundsException.class, () -> s.sum(1), "sum", "dimension out of range");
    }

    @Test
    void varStdAndNorm() {
        double[] v = {1, 2, 4, 7, 11, 16};
        NDArray x = NDArray.fromArray(new float[] {1, 2, 4, 7, 11, 16}, 2, 3);
        double mean = 41 / 6.0;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        close(new double[] {ss / 5}, x.var(), 1e-6, 0, "var");
        close(new double[] {Math.sqrt(ss / 5)}, x.std(), 1e-6, 0, "std");
        close(new double[] {ss / 6}, x.var(new int[0], 0, false), 1e-6, 0, "var correction 0");
        // Per row: [1, 2, 4] and [7, 11, 16].
        close(new double[] {7 / 3.0, 61 / 3.0}, x.var(new int[] {1}, 1, false), 1e-6, 0, "var rows");
        close(new double[] {18, 40.5, 72}, x.var(new int[] {0}, 1, true), 1e-6, 0, "var columns");
        shape(x.var(new int[] {0}, 1, true), 1, 3);
        close(new double[] {18, 40.5, 72}, x.t().var(new int[] {1}, 1, false), 1e-6, 0, "var of a transposed view");
        exact(NDArray.of(3f, 3f).var(new int[0], 2, false), DType.FLOAT32, new int[0], NAN);
        exact(NDArray.of(new float[] {3f}).var(), DType.FLOAT32, new int[0], NAN);
        fails(IllegalArgumentException.class, () -> NDArray.of(1L, 2L).var(), "var", "floating point", "int64");

        double l2 = 0;
        double l1 = 0;
        double l3 = 0;
        for (double d : v) {
            l2 += d * d;
            l1 += Math.abs(d);
            l3 += Math.pow(Math.abs(d), 3);
        }
        NDArray y = x.neg();
        close(new double[] {Math.sqrt(l2)}, y.norm(), 1e-6, 0, "norm");
        close(new double[] {l1}, y.norm(1), 1e-6, 0, "norm 1");
        close(new double[] {Math.cbrt(l3)}, y.norm(3), 1e-6, 0, "norm 3");
        close(new double[] {16}, y.norm(Double.POSITIVE_INFINITY), 0, 0, "norm inf");
        close(new double[] {1}, y.norm(Double.NEGATIVE_INFINITY), 0, 0, "norm -inf");
        close(new double[] {4}, NDArray.of(0f, 3f, 0f, -4f, 1f, 0f, 0f, 0f, 2f).norm(0), 0, 0, "norm 0");
        close(new double[] {Math.sqrt(1 + 4 + 16), Math.sqrt(49 + 121 + 256)}, y.norm(2, new int[] {1}, false), 1e-6,
                0, "norm rows");
        fails(IllegalArgumentException.class, () -> NDArray.of(1L).norm(), "norm", "int64");
    }

    @Test
    void logsumexpIsStable() {
        NDArray x = NDArray.of(new float[][] {{1000, 1000, 1000}, {-1000, 0, 1}, {Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}});
        double r1 = 1 + Math.log(1 + Math.exp(-1) + Math.exp(-1001));
        close(new double[] {1000 + Math.log(3), r1, Double.NEGATIVE_INFINITY}, x.logsumexp(1, false), 1e-6, 0, "lse");
        shape(x.logsumexp(1, true), 3, 1);
        close(new double[] {1000 + Math.log(3), r1, Double.NEGATIVE_INFINITY}, x.t().logsumexp(0, false), 1e-6, 0,
                "lse transposed");
        NDArray f64 = NDArray.of(new double[] {1, 2, 3});
        close(new double[] {Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))}, f64.logsumexp(new int[0], false),
                1e-14, 0, "lse float64");
        exact(NDArray.of(1L, 1L).logsumexp(0, false), DType.FLOAT32, new int[0], (float) (1 + Math.log(2)));
        close(new double[] {Double.POSITIVE_INFINITY}, NDArray.of(1f, Float.POSITIVE_INFINITY).logsumexp(0, false), 0, 0,
                "lse with +inf");
    }

    @Test
    void allAndAny() {
        NDArray x = NDArray.of(new float[][] {{1, 0, 2}, {3, 4, 5}});
        exact(x.all(), DType.BOOL, new int[0], 0);
        exact(x.any(), DType.BOOL, new int[0], 1);
        exact(x.all(1, false), DType.BOOL, new int[] {2}, 0, 1);
        exact(x.all(0, true), DType.BOOL, new int[] {1, 3}, 1, 0, 1);
        exact(x.t().any(0, false), DType.BOOL, new int[] {2}, 1, 1);
        exact(NDArray.zeros(DType.INT64, 4).any(), DType.BOOL, new int[0], 0);
        exact(NDArray.of(Float.NaN).all(), DType.BOOL, new int[0], 1);
        boolean[] many = new boolean[70_001];
        java.util.Arrays.fill(many, true);
        exact(NDArray.fromArray(many).all(), DType.BOOL, new int[0], 1);
        many[69_999] = false;
        exact(NDArray.fromArray(many).all(), DType.BOOL, new int[0], 0);
    }

    @Test
    void cumsumAndCumprodAlongAnyDim() {
        NDArray x = NDArray.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        exact(x.cumsum(1), DType.FLOAT32, new int[] {2, 3}, 1, 3, 6, 4, 9, 15);
        exact(x.cumsum(0), DType.FLOAT32, new int[] {2, 3}, 1, 2, 3, 5, 7, 9);
        exact(x.cumsum(-1), DType.FLOAT32, new int[] {2, 3}, 1, 3, 6, 4, 9, 15);
        exact(x.t().cumsum(0), DType.FLOAT32, new int[] {3, 2}, 1, 4, 3, 9, 6, 15);
        exact(x.cumprod(1), DType.FLOAT32, new int[] {2, 3}, 1, 2, 6, 4, 20, 120);
        exact(NDArray.of(1L, 2L, 3L).cumsum(0), DType.INT64, new int[] {3}, 1, 3, 6);
        exact(NDArray.of(true, false, true).cumsum(0), DType.INT64, new int[] {3}, 1, 1, 2);
        exact(NDArray.of(1f, 2f).expand(2, 2).cumsum(0), DType.FLOAT32, new int[] {2, 2}, 1, 2, 2, 4);
        int n = 1025;
        float[] a = Check.floats(n, 3, -1, 1);
        double[] e = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += a[i];
            e[i] = acc;
        }
        close(e, NDArray.fromArray(a).cumsum(0), 1e-5, 1e-5, "cumsum 1025");
    }

    @Test
    void softmaxAlongEveryDimAndLayout() {
        for (Layouts.Case c : inputs(DType.FLOAT32, -10, 10)) {
            int[] shape = c.array().shape();
            for (int dim = 0; dim < shape.length; dim++) {
                double[] v = c.values();
                int[] nd = {dim};
                double[] mx = reduce(v, shape, nd, Double.NEGATIVE_INFINITY, Math::max);
                int[] sOut = kept(shape, nd, true);
                double[] mxB = ElementwiseBroadcastTest.broadcast(mx, sOut, shape);
                double[] ex = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    ex[i] = Math.exp(v[i] - mxB[i]);
                }
                double[] sum = ElementwiseBroadcastTest.broadcast(reduce(ex, shape, nd, 0, Double::sum), sOut, shape);
                double[] p = new double[v.length];
                double[] lp = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    p[i] = ex[i] / sum[i];
                    lp[i] = v[i] - mxB[i] - Math.log(sum[i]);
                }
                String ctx = c + " dim " + dim;
                close(p, c.array().softmax(dim), 2e-6, 1e-12, "softmax " + ctx);
                close(lp, c.array().logSoftmax(dim - shape.length), 2e-6, 2e-6, "log_softmax " + ctx);
            }
        }
        NDArray d = NDArray.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
        close(new double[] {Math.exp(-2) / (1 + Math.exp(-1) + Math.exp(-2)), Math.exp(-1) / (1 + Math.exp(-1)
                + Math.exp(-2)), 1 / (1 + Math.exp(-1) + Math.exp(-2)), 1 / 3.0, 1 / 3.0, 1 / 3.0}, d.softmax(1), 1e-14,
                0, "float64 softmax");
        fails(IllegalArgumentException.class, () -> NDArray.of(1L, 2L).softmax(0), "softmax", "int64");
        NDArray masked = NDArray.of(Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY);
        exact(masked.softmax(0), DType.FLOAT32, new int[] {3}, 0, 1, 0);
        exact(masked.logSoftmax(0), DType.FLOAT32, new int[] {3}, Double.NEGATIVE_INFINITY, 0,
                Double.NEGATIVE_INFINITY);
        assertTrue(NDArray.of(1e30f, 1e30f).softmax(0).allclose(NDArray.of(0.5f, 0.5f)));
    }
}
