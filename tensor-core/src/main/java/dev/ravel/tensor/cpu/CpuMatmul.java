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

    /** How BLAS can read one operand: transposed or not, with which leading dimension. */
    private record Operand(NDArray array, boolean trans, int ld) {
        int matrixOffset(int b) {
            return array.offset() + b * array.stride(0);
        }
    }

    /** Fits a [B, r, c] operand for BLAS, copying only when neither orientation works. */
    private static Operand blasView(NDArray x) {
        int r = x.size(1);
        int c = x.size(2);
        int sr = r == 1 ? Math.max(c, 1) : x.stride(1);
        int sc = c == 1 ? 1 : x.stride(2);
        if (sc == 1 && sr >= Math.max(1, c)) {
            return new Operand(x, false, sr);
        }
        int tsr = r == 1 ? 1 : x.stride(1);
        int tsc = c == 1 ? Math.max(r, 1) : x.stride(2);
        if (tsr == 1 && tsc >= Math.max(1, r)) {
            return new Operand(x, true, tsc);
        }
        return new Operand(x.contiguous(), false, Math.max(c, 1));
    }

    void matmul(NDArray dst, NDArray a, NDArray b, double alpha, double beta) {
        int batches = dst.size(0);
        int m = dst.size(1);
        int n = dst.size(2);
        int k = a.size(2);
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
        int m = dst.size(1);
        int n = dst.size(2);
        int k = a.size(2);
        for (int bi = 0; bi < dst.size(0); bi++) {
            int ao = a.offset() + bi * a.stride(0);
            int bo = b.offset() + bi * b.stride(0);
            int co = dst.offset() + bi * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long s = 0;
                    for (int p = 0; p < k; p++) {
                        s += x[ao + i * a.stride(1) + p * a.stride(2)] * y[bo + p * b.stride(1) + j * b.stride(2)];
                    }
                    c[co + i * n + j] = alpha * s + beta * c[co + i * n + j];
                }
            }
        }
    }
}
