package dev.ravel.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Parallelism;
import dev.ravel.tensor.Window2d;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * oneDNN's convolution path (chunks of images through native primitives on each thread) against
 * the im2col + GEMM path, for the forward pass and both gradients: chunk remainders, strides,
 * asymmetric windows with dilation, 1x1 and single-channel inputs, offset operands, one and two
 * threads, several caller threads at once. Skipped where oneDNN does not load.
 */
class DnnlConvolutionTest {
    private DnnlConvolution dnnl;
    private CpuConvolution viaDnnl;
    private CpuConvolution viaIm2col;
    private int initialThreads;

    /** One geometry: batch, channels, height, width, output channels, window. */
    private record Case(int n, int c, int h, int w, int o, Window2d win) {
        int oh() {
            return win.outH(h, false);
        }

        int ow() {
            return win.outW(w, false);
        }

        CpuConvolution.Geometry geometry() {
            return new CpuConvolution.Geometry(n, c, h, w, o, oh(), ow(), 1, win);
        }
    }

    private static final List<Case> CASES = List.of(
            // 6 images a chunk at 1 MB: parts of 10 run a chunk of 6 and a remainder of 4
            new Case(20, 32, 14, 14, 64, Window2d.of(3, 1, 1)),
            new Case(7, 5, 9, 11, 6, Window2d.of(3, 1, 1)),
            new Case(9, 8, 15, 13, 4, new Window2d(3, 3, 2, 2, 0, 0, 1, 1)),
            new Case(5, 4, 12, 10, 7, new Window2d(3, 2, 1, 2, 2, 1, 2, 1)),   // dilation 2 x 1, uneven pads
            new Case(6, 16, 7, 7, 8, Window2d.of(1, 1, 0)),
            new Case(10, 1, 28, 28, 32, Window2d.of(3, 1, 1)),                   // a first layer: one channel
            new Case(3, 3, 8, 8, 5, Window2d.of(5, 1, 2)),
            new Case(1, 6, 10, 10, 3, Window2d.of(3, 2, 1)));

    @BeforeEach
    void setUp() {
        DnnlLibrary lib;
        try {
            lib = DnnlLibrary.get();
        } catch (Throwable t) {
            assumeTrue(false, "oneDNN does not load here: " + t);
            return;
        }
        FloatKernels kernels = new ScalarFloatKernels();
        Gemm gemm = new PartitionedGemm(new JavaGemm(kernels));
        try {
            dnnl = new DnnlConvolution(lib, kernels);
        } catch (Throwable t) {
            fail("oneDNN loaded but its convolution did not bind", t);
        }
        viaDnnl = new CpuConvolution(gemm, kernels, dnnl);
        viaIm2col = new CpuConvolution(gemm, kernels, null);
        initialThreads = Parallelism.numThreads();
    }

    @AfterEach
    void restoreThreads() {
        Parallelism.setNumThreads(initialThreads);
    }

    /** The operands of one case, each in a larger array at an offset, and the three results of a path. */
    private static final class Operands {
        final Case k;
        /** The arrays behind the views, the operands starting at index 3. */
        final float[] xs;
        final float[] ws;
        final float[] bs;
        final float[] gs;
        final NDArray x;
        final NDArray weight;
        final NDArray bias;
        final NDArray gradOut;

        Operands(Case k, boolean withBias, long seed) {
            this.k = k;
            SplittableRandom r = new SplittableRandom(seed);
            x = offset(random(r, k.n() * k.c() * k.h() * k.w()), k.n(), k.c(), k.h(), k.w());
            weight = offset(random(r, k.o() * k.c() * k.win().kernelH() * k.win().kernelW()), k.o(), k.c(),
                    k.win().kernelH(), k.win().kernelW());
            bias = withBias ? offset(random(r, k.o()), k.o()) : null;
            gradOut = offset(random(r, k.n() * k.o() * k.oh() * k.ow()), k.n(), k.o(), k.oh(), k.ow());
            xs = (float[]) CpuArrays.array(x);
            ws = (float[]) CpuArrays.array(weight);
            bs = withBias ? (float[]) CpuArrays.array(bias) : null;
            gs = (float[]) CpuArrays.array(gradOut);
        }

        private static float[] random(SplittableRandom r, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextDouble() * 2 - 1);
            }
            return v;
        }

        /** The values as an [N, ...] view at offset 3 of a larger array. */
        private static NDArray offset(float[] v, int... shape) {
            float[] big = new float[v.length + 7];
            System.arraycopy(v, 0, big, 3, v.length);
            NDArray view = NDArray.fromArray(big, big.length).narrow(0, 3, v.length).view(shape);
            assertEquals(3, view.offset());
            return view;
        }

        NDArray[] results(CpuConvolution conv) {
            NDArray y = NDArray.empty(DType.FLOAT32, k.n(), k.o(), k.oh(), k.ow());
            NDArray gi = NDArray.empty(DType.FLOAT32, k.n(), k.c(), k.h(), k.w());
            NDArray gw = NDArray.empty(DType.FLOAT32, weight.shape());
            conv.forward(y, x, weight, bias, k.win(), 1);
            conv.backwardInput(gi, gradOut, weight, k.win(), 1);
            conv.backwardWeight(gw, gradOut, x, k.win(), 1);
            return new NDArray[] {y, gi, gw};
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= 1e-4 * (1 + Math.abs(e[i])))) {
                fail(what + ": element " + i + " expected " + e[i] + " but oneDNN gave " + a[i]);
            }
        }
    }

    private void check(Case k, boolean withBias, long seed) {
        Operands ops = new Operands(k, withBias, seed);
        NDArray[] want = ops.results(viaIm2col);
        NDArray[] got = ops.results(viaDnnl);
        String ctx = k + " bias=" + withBias + " threads=" + Parallelism.numThreads();
        assertClose(want[0], got[0], ctx + " forward");
        assertClose(want[1], got[1], ctx + " input gradient");
        assertClose(want[2], got[2], ctx + " weight gradient");
    }

    /**
     * oneDNN's three passes called directly, as two parts of the batch would run them (the weight
     * gradient of each part summed), against im2col + GEMM.
     */
    @Test
    void eachPassOverTwoRangesOfImagesMatchesIm2col() {
        long seed = 1;
        for (Case k : CASES) {
            for (boolean withBias : new boolean[] {true, false}) {
                Operands ops = new Operands(k, withBias, seed++);
                NDArray[] want = ops.results(viaIm2col);
                CpuConvolution.Geometry s = k.geometry();
                int split = Math.max(1, k.n() / 2);
                int outSize = k.o() * k.oh() * k.ow();
                int imageSize = k.c() * k.h() * k.w();
                int weightSize = s.weightSize();
                float[] y = new float[k.n() * outSize + 2];
                float[] gi = new float[k.n() * imageSize + 2];
                float[] gw0 = new float[weightSize + 2];
                float[] gw1 = new float[weightSize];
                for (int[] range : new int[][] {{0, split}, {split, k.n()}}) {
                    if (range[1] == range[0]) {
                        continue;
                    }
                    dnnl.forward(s, ops.xs, 3, ops.ws, 3, ops.bs, 3, y, 2, range[0], range[1]);
                    dnnl.backwardData(s, ops.gs, 3, ops.ws, 3, gi, 2, range[0], range[1]);
                    dnnl.backwardWeights(s, ops.gs, 3, ops.xs, 3, range[0] == 0 ? gw0 : gw1, range[0] == 0 ? 2 : 0,
                            range[0], range[1]);
                }
                for (int i = 0; i < weightSize; i++) {
                    gw0[2 + i] += gw1[i];   // gw1 stays zero when the second range is empty
                }
                String ctx = k + " bias=" + withBias;
                assertClose(want[0], NDArray.fromArray(y, y.length).narrow(0, 2, k.n() * outSize), ctx + " forward");
                assertClose(want[1], NDArray.fromArray(gi, gi.length).narrow(0, 2, k.n() * imageSize),
                        ctx + " input gradient");
                assertClose(want[2], NDArray.fromArray(gw0, gw0.length).narrow(0, 2, weightSize),
                        ctx + " weight gradient");
            }
        }
    }

    /** Through CpuConvolution, which also decides per pass whether oneDNN runs it. */
    @Test
    void everyPassMatchesIm2colOnOneAndTwoThreads() {
        long seed = 11;
        for (int threads : new int[] {1, 2}) {
            Parallelism.setNumThreads(threads);
            for (Case k : CASES) {
                check(k, true, seed++);
                check(k, false, seed++);
            }
        }
    }

    @Test
    void theTestedGeometriesRunInOneDnn() {
        // so that the comparison above is not of im2col with itself
        for (Case k : CASES) {
            CpuConvolution.Geometry s = k.geometry();
            for (DnnlConvolution.Pass pass : DnnlConvolution.Pass.values()) {
                assertTrue(dnnl.supports(s, pass, pass == DnnlConvolution.Pass.FORWARD), s + " " + pass);
                assertNotNull(dnnl.implementation(s, pass), s + " " + pass);
            }
        }
    }

    @Test
    void chunksKeepToAboutOneL2CacheAndAtLeastOneImage() {
        CpuConvolution.Geometry small = new CpuConvolution.Geometry(64, 32, 14, 14, 64, 14, 14, 1, Window2d.of(3, 1, 1));
        int images = DnnlConvolution.chunkImages(small);
        long perImage = 2L * Float.BYTES * (32 * 14 * 14 + 64 * 14 * 14);
        assertTrue(images * perImage <= DnnlConvolution.CHUNK_BYTES && (images + 1) * perImage > DnnlConvolution.CHUNK_BYTES,
                "chunk of " + images);
        CpuConvolution.Geometry huge = new CpuConvolution.Geometry(4, 256, 64, 64, 256, 64, 64, 1, Window2d.of(3, 1, 1));
        assertEquals(1, DnnlConvolution.chunkImages(huge));
        assertEquals(2, DnnlConvolution.chunkImages(small.withN(2)));
    }

    @Test
    void fewerImagesThanThreadsUseIm2col() {
        // not a oneDNN limit but a choice: with fewer images than threads the GEMM path splits each image's product
        Parallelism.setNumThreads(2);
        check(new Case(1, 6, 10, 10, 3, Window2d.of(3, 1, 1)), true, 5);
        assertTrue(viaDnnl.describe().startsWith("oneDNN"), viaDnnl.describe());
        assertEquals("im2col + GEMM", viaIm2col.describe());
    }

    @Test
    void emptyInputChannelsStayOffOneDnn() {
        // oneDNN rejects a zero dimension; im2col gives the bias alone and empty gradients
        Parallelism.setNumThreads(2);
        check(new Case(4, 0, 5, 5, 16, Window2d.of(3, 1, 1)), true, 9);
    }

    @Test
    void callerThreadsRunConcurrently() throws Exception {
        Parallelism.setNumThreads(1);
        Case k = CASES.get(0);
        List<Operands> inputs = new ArrayList<>();
        List<NDArray[]> expected = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Operands ops = new Operands(k, true, 100 + t);
            inputs.add(ops);
            expected.add(ops.results(viaIm2col));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                running.add(pool.submit(() -> {
                    for (int rep = 0; rep < 3; rep++) {
                        NDArray[] got = inputs.get(id).results(viaDnnl);
                        for (int i = 0; i < 3; i++) {
                            assertClose(expected.get(id)[i], got[i], "caller thread " + id + " result " + i);
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
