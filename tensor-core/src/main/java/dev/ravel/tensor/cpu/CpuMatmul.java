package dev.ravel.tensor.cpu;

import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;

/**
 * Batched matmul onto {@link Gemm}. A matrix whose layout is row-major or column-major (any
 * leading dimension) goes to BLAS as it is, with the transpose flag; only other layouts are
 * copied first. int64 products use a plain loop.
 */
final class CpuMatmul {
    private final Gemm gemm;

    CpuMatmul(Gemm gemm) {
        this.gemm = gemm;
    }

    /** How BLAS can read one operand: transposed or not, with which leading dimension, where each matrix starts. */
    private record Operand(NDArray array, boolean trans, int ld, int[] offsets) {
        int matrixOffset(int b) {
            return offsets[b];
        }
    }

    /** Fits a [..., r, c] operand for BLAS, copying only when neither orientation works. */
    private static Operand blasView(NDArray x) {
        int r = x.size(-2);
        int c = x.size(-1);
        int sr = r == 1 ? Math.max(c, 1) : x.stride(-2);
        int sc = c == 1 ? 1 : x.stride(-1);
        if (sc == 1 && sr >= Math.max(1, c)) {
            return new Operand(x, false, sr, matrixOffsets(x));
        }
        int tsr = r == 1 ? 1 : x.stride(-2);
        int tsc = c == 1 ? Math.max(r, 1) : x.stride(-1);
        if (tsr == 1 && tsc >= Math.max(1, r)) {
            return new Operand(x, true, tsc, matrixOffsets(x));
        }
        NDArray copy = x.contiguous();
        return new Operand(copy, false, Math.max(c, 1), matrixOffsets(copy));
    }

    /** The start of every matrix of a [..., r, c] operand, batch dims in row-major order. */
    private static int[] matrixOffsets(NDArray x) {
        int batchDims = x.dim() - 2;
        int count = 1;
        for (int d = 0; d < batchDims; d++) {
            count *= x.size(d);
        }
        int[] offsets = new int[count];
        int[] index = new int[batchDims];
        int at = x.offset();
        for (int i = 0; i < count; i++) {
            offsets[i] = at;
            // odometer over the batch dims
            for (int d = batchDims - 1; d >= 0; d--) {
                if (++index[d] < x.size(d)) {
                    at += x.stride(d);
                    break;
                }
                at -= (index[d] - 1) * x.stride(d);
                index[d] = 0;
            }
        }
        return offsets;
    }

    void matmul(NDArray dst, NDArray a, NDArray b, double alpha, double beta) {
        int m = dst.size(-2);
        int n = dst.size(-1);
        int k = a.size(-1);
        int batches = m == 0 || n == 0 ? 0 : dst.numel() / (m * n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // Nothing to add: dst = beta * dst, in dst's dtype; beta 0 ignores dst (NaN included), as BLAS does.
            if (beta == 0) {
                dst.zero_();
            } else if (dst.dtype() == DType.INT64) {
                dst.mul_((long) beta);
            } else {
                dst.mul_(beta);
            }
            return;
        }
        switch (dst.dtype()) {
            case FLOAT32 -> {
                Operand pa = blasView(a);
                Operand pb = blasView(b);
                float[] x = CpuArrays.f32(pa.array);
                float[] y = CpuArrays.f32(pb.array);
                float[] c = CpuArrays.f32(dst);
                forEachMatrix(batches, (long) m * n * k, i -> gemm.sgemm(pa.trans, pb.trans, m, n, k, (float) alpha, x,
                        pa.matrixOffset(i), pa.ld, y, pb.matrixOffset(i), pb.ld, (float) beta, c,
                        dst.offset() + i * m * n, n));
            }
            case FLOAT64 -> {
                Operand pa = blasView(a);
                Operand pb = blasView(b);
                double[] x = CpuArrays.f64(pa.array);
                double[] y = CpuArrays.f64(pb.array);
                double[] c = CpuArrays.f64(dst);
                forEachMatrix(batches, (long) m * n * k, i -> gemm.dgemm(pa.trans, pb.trans, m, n, k, alpha, x,
                        pa.matrixOffset(i), pa.ld, y, pb.matrixOffset(i), pb.ld, beta, c, dst.offset() + i * m * n, n));
            }
            case INT64 -> matmulLong(dst, a, b, (long) alpha, (long) beta);
            case BOOL -> throw new IllegalArgumentException("matmul: not supported for torch.bool");
        }
    }

    /**
     * Runs one GEMM per matrix of a batch: many or small matrices are spread over the threads
     * (each GEMM then runs on one), a few large ones go one after the other, each split by the GEMM.
     */
    private static void forEachMatrix(int batches, long macsPerMatrix, java.util.function.IntConsumer gemmOf) {
        boolean acrossBatch = batches >= 4 * Parallel.numThreads() || macsPerMatrix < 8 * PartitionedGemm.MIN_PARALLEL_MACS;
        if (batches > 1 && acrossBatch) {
            int grain = (int) Math.max(1, PartitionedGemm.MIN_PARALLEL_MACS / Math.max(1, macsPerMatrix));
            Parallel.forRange(batches, grain, (b0, b1) -> {
                for (int i = b0; i < b1; i++) {
                    gemmOf.accept(i);
                }
            });
        } else {
            for (int i = 0; i < batches; i++) {
                gemmOf.accept(i);
            }
        }
    }

    private static void matmulLong(NDArray dst, NDArray a, NDArray b, long alpha, long beta) {
        long[] x = CpuArrays.i64(a);
        long[] y = CpuArrays.i64(b);
        long[] c = CpuArrays.i64(dst);
        int m = dst.size(-2);
        int n = dst.size(-1);
        int k = a.size(-1);
        int[] aOff = matrixOffsets(a);
        int[] bOff = matrixOffsets(b);
        int ar = a.stride(-2);
        int ac = a.stride(-1);
        int br = b.stride(-2);
        int bc = b.stride(-1);
        for (int bi = 0; bi < aOff.length; bi++) {
            int co = dst.offset() + bi * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long s = 0;
                    for (int p = 0; p < k; p++) {
                        s += x[aOff[bi] + i * ar + p * ac] * y[bOff[bi] + p * br + j * bc];
                    }
                    c[co + i * n + j] = alpha * s + beta * c[co + i * n + j];
                }
            }
        }
    }
}
