package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.longs;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Less common arguments: other norm orders, corrections, size-1 and empty dims, 0-d indices. */
class EdgeCaseGradTest {

    @Test
    void otherNormOrders() {
        checkBoth(in -> in[0].norm(Double.NEGATIVE_INFINITY), randn(1, 2, 3));
        checkBoth(in -> in[0].norm(0.5, new int[] {1}, false), uniform(2, 0.2, 2.0, 2, 3));
        checkBoth(in -> in[0].norm(-1, new int[] {-1}, true), uniform(3, 0.2, 2.0, 2, 3));
        checkBoth(in -> in[0].norm(1.5), randn(4, 4));
    }

    @Test
    void varianceCorrections() {
        checkBoth(in -> in[0].var(new int[] {1}, 2, false), randn(5, 2, 4));
        checkBoth(in -> in[0].std(new int[] {0}, 0.5, true), randn(6, 3, 2));
    }

    @Test
    void sizeOneDims() {
        checkBoth(in -> in[0].softmax(1), randn(7, 3, 1));
        checkBoth(in -> in[0].logSoftmax(0), randn(8, 1, 3));
        checkBoth(in -> in[0].max(1).values(), randn(9, 3, 1));
        checkBoth(in -> in[0].cumprod(1), randn(10, 2, 1));
        checkBoth(in -> in[0].prod(0, false), randn(11, 1, 3));
        checkBoth(in -> in[0].logsumexp(1, false), randn(12, 2, 1));
        checkBoth(in -> in[0].sum(new int[0], true), randn(13, 2, 3));
        checkBoth(in -> in[0].mean(new int[0], true), randn(14, 2, 3));
    }

    @Test
    void indexingCorners() {
        checkBoth(in -> in[0].gather(0, longs(new int[] {2, 2}, 2, 0, 1, 1)), randn(15, 3, 4));
        checkBoth(in -> in[0].indexSelect(1, Tensor.of(NDArray.scalar(2L))), randn(16, 2, 3));
        checkBoth(in -> in[0].scatterAdd(0, longs(new int[] {2, 2}, 1, 1, 1, 0), in[1]), randn(17, 2, 3), randn(18, 2, 2));
        checkBoth(in -> in[0].indexAdd(0, longs(1, 1, 1), in[1]), randn(19, 2, 2), randn(20, 3, 2));
        checkBoth(in -> in[0].take(Tensor.of(NDArray.scalar(4L))), randn(21, 2, 3));
    }

    @Test
    void matmulWithAOneDimensionalOperandAgainstFourDims() {
        checkBoth(in -> in[0].matmul(in[1]), randn(22, 3), randn(23, 2, 2, 3, 2));
        checkBoth(in -> in[0].matmul(in[1]), randn(24, 2, 1, 2, 3), randn(25, 3));
    }

    @Test
    void emptyTensors() {
        Tensor x = Tensor.of(NDArray.zeros(DType.FLOAT64, 0, 3)).requiresGrad_();
        x.exp().sum().backward();
        assertArrayEquals(new int[] {0, 3}, x.grad().shape());
        Tensor y = Tensor.of(NDArray.zeros(DType.FLOAT64, 2, 0)).requiresGrad_();
        Tensor w = Tensor.of(NDArray.ones(DType.FLOAT64, 0, 3)).requiresGrad_();
        Tensor p = y.matmul(w);
        assertArrayEquals(new double[6], p.toDoubleArray(), 0);
        p.sum().backward();
        assertArrayEquals(new int[] {2, 0}, y.grad().shape());
        assertArrayEquals(new int[] {0, 3}, w.grad().shape());
        Tensor z = randn(26, 2, 3);
        Tensor.cat(List.of(z, Tensor.of(NDArray.zeros(DType.FLOAT64, 0, 3))), 0).sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, z.grad().toDoubleArray(), 0);
    }

    @Test
    void multiOutputCustomFunctionWithAnUnusedOutput() {
        CustomFunction sinCos = new CustomFunction() {
            @Override
            protected Tensor[] forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return new Tensor[] {in[0].sin(), in[0].cos()};
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor... g) {
                Tensor x = ctx.savedTensors()[0];
                return new Tensor[] {g[0].mul(x.cos()).sub(g[1].mul(x.sin()))};
            }
        };
        checkBoth(in -> sinCos.apply(in[0])[1], randn(27, 3));
        checkBoth(in -> sinCos.apply(in[0])[0], randn(28, 3));
        checkBoth(in -> {
            Tensor[] o = sinCos.apply(in[0]);
            return o[0].mul(o[1]);
        }, randn(29, 3));
    }

    /** d(f . 1)/dx with a graph, also inside gradcheck's finite-difference passes (which run with grad mode off). */
    private static Tensor gradOf(Tensor y, Tensor x) {
        return dev.ravel.Ravel.grad(List.of(y), List.of(x), List.of(), false, true, false).getFirst();
    }

    @Test
    void thirdOrderThroughComposites() {
        // gradgradcheck of a function that itself returns a gradient: third derivatives
        checkBoth(in -> {
            try (var on = GradMode.enable()) {
                return gradOf(in[0].tanh().mul(in[0]).sum(), in[0]);
            }
        }, randn(30, 3));
        checkBoth(in -> {
            try (var on = GradMode.enable()) {
                return gradOf(in[0].softmax(-1).mul(in[1]).sum(), in[0]);
            }
        }, randn(31, 2, 3), randn(32, 2, 3));
    }
}
