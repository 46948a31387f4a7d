package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deep graphs do not overflow the stack, and a long training loop does not keep graphs alive. */
class LongRunningGraphTest {
    private static final int CHAIN = 10_000;

    @Test
    void backwardThroughATenThousandOpChain() {
        Tensor x = Tensor.of(NDArray.of(1.0, 2.0)).requiresGrad_();
        Tensor y = x;
        for (int i = 0; i < CHAIN; i++) {
            y = switch (i % 4) {
                case 0 -> y.mul(1.0001);
                case 1 -> y.add(0.5);
                case 2 -> y.sub(0.5);
                default -> y.view(2);
            };
        }
        y.sum().backward();
        double expected = Math.pow(1.0001, CHAIN / 4);
        assertEquals(expected, x.grad().toDoubleArray()[0], 1e-9 * expected);
        assertEquals(expected, x.grad().toDoubleArray()[1], 1e-9 * expected);
    }

    @Test
    void gradAndCreateGraphThroughALongChain() {
        Tensor x = Tensor.of(NDArray.scalar(0.5, DType.FLOAT64)).requiresGrad_();
        Tensor y = x;
        for (int i = 0; i < CHAIN; i++) {
            y = i % 2 == 0 ? y.mul(x.mul(0.0).add(1.0)) : y.add(x.mul(1e-4));
        }
        // y = x + 5000 * 1e-4 * x = 1.5 x
        Tensor g = Ravel.grad(List.of(y.sum()), List.of(x), List.of(), false, true, false).getFirst();
        assertEquals(1.5, g.item(), 1e-9);
        Tensor gg = Ravel.grad(List.of(g.mul(g).sum()), List.of(x), List.of(), false, false, true).getFirst();
        // g does not depend on x: a zero (or absent) second derivative
        assertTrue(gg == null || Math.abs(gg.item()) < 1e-12);
    }

    @Test
    void aWideGraphWithManyUsesOfOneLeaf() {
        Tensor x = Tensor.of(NDArray.of(1.0, 2.0, 3.0)).requiresGrad_();
        Tensor acc = x.mul(0.0);
        for (int i = 0; i < CHAIN; i++) {
            acc = acc.add(x.select(0, i % 3));
        }
        acc.sum().backward();
        assertEquals(3 * 3334.0 + 0, x.grad().toDoubleArray()[0]);
        assertEquals(3 * 3333.0, x.grad().toDoubleArray()[1]);
    }

    /** A small MLP trained with manual SGD: the heap in use must not grow with the iteration count. */
    @Test
    void trainingLoopMemoryStaysFlat() {
        Generator gen = new Generator(42);
        Tensor w1 = Tensor.of(NDArray.randn(new int[] {8, 16}, DType.FLOAT32, gen).mul(0.3)).requiresGrad_();
        Tensor b1 = Tensor.of(NDArray.zeros(16)).requiresGrad_();
        Tensor w2 = Tensor.of(NDArray.randn(new int[] {16, 4}, DType.FLOAT32, gen).mul(0.3)).requiresGrad_();
        Tensor b2 = Tensor.of(NDArray.zeros(4)).requiresGrad_();
        List<Tensor> params = List.of(w1, b1, w2, b2);
        Tensor x = Tensor.of(NDArray.randn(new int[] {32, 8}, DType.FLOAT32, gen));
        Tensor target = Tensor.of(x.data().narrow(1, 0, 4).argmax(1, false));

        double firstLoss = 0;
        double lastLoss = 0;
        long at1000 = 0;
        for (int it = 1; it <= 10_000; it++) {
            Tensor logits = x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
            Tensor loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
            loss.backward();
            try (var g = Ravel.noGrad()) {
                for (Tensor p : params) {
                    p.sub_(p.grad().mul(0.05));
                    p.grad().zero_();
                }
            }
            if (it == 1) {
                firstLoss = loss.item();
            }
            if (it == 1_000) {
                at1000 = usedHeapAfterGc();
            }
            lastLoss = loss.item();
        }
        long at10000 = usedHeapAfterGc();
        assertTrue(lastLoss < firstLoss * 0.5, "the loop trains: " + firstLoss + " -> " + lastLoss);
        long growth = at10000 - at1000;
        assertTrue(growth < 4L << 20, "heap in use grew by " + (growth >> 10) + " KiB between iteration 1,000 ("
                + (at1000 >> 10) + " KiB) and 10,000 (" + (at10000 >> 10) + " KiB)");
    }

    /** The median of several heap-in-use readings, each after a full collection. */
    private static long usedHeapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] samples = new long[5];
        for (int i = 0; i < samples.length; i++) {
            System.gc();
            System.gc();
            samples[i] = mem.getHeapMemoryUsage().getUsed();
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }
}
