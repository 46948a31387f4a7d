package dev.ravel.examples;

import dev.ravel.tensor.Backends;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.cpu.CpuBackend;

/**
 * A tour of the tensor core: creation, views, broadcasting, reductions and matmul, with the same
 * seed giving the same numbers as {@code torch.manual_seed(0)}.
 */
public final class TensorDemo {
    private TensorDemo() {
    }

    public static void main(String[] args) {
        System.out.println("Ravel tensor core (" + ((CpuBackend) Backends.cpu()).describe() + ")");
        Generator.defaultGenerator().manualSeed(0);
        NDArray x = NDArray.randn(3, 4);
        System.out.println("x = randn(3, 4) with seed 0 (torch.manual_seed(0) prints the same):\n" + x);
        System.out.println("x.t() is a view: " + x.t().shape()[0] + "x" + x.t().shape()[1]
                + ", contiguous=" + x.t().isContiguous());
        NDArray row = NDArray.arange(4).to(dev.ravel.tensor.DType.FLOAT32);
        System.out.println("x + arange(4) broadcasts over rows:\n" + x.add(row));
        System.out.println("softmax(x, dim=1):\n" + x.softmax(1));
        System.out.println("x.max(1) = " + x.max(1));
        NDArray a = NDArray.rand(256, 256);
        NDArray b = NDArray.rand(256, 256);
        long t0 = System.nanoTime();
        int reps = 200;
        for (int i = 0; i < reps; i++) {
            a.matmul(b);
        }
        double sec = (System.nanoTime() - t0) / 1e9 / reps;
        System.out.printf("matmul 256x256: %.1f GFLOP/s (first calls include JIT warm-up)%n", 2.0 * 256 * 256 * 256 / sec / 1e9);
    }
}
