package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static dev.ravel.autograd.GradTesting.uniform;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gradcheck and gradgradcheck of reductions, scans and softmax: over all elements, one dim,
 * several dims, negative dims, with and without keepDim; on contiguous, transposed, stepped and
 * broadcast inputs.
 */
class ReductionGradTest {

    record Op(String name, boolean positive, UnaryOperator<Tensor> fn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Op> ops() {
        return List.of(
                new Op("sum()", false, Tensor::sum),
                new Op("sum(1)", false, t -> t.sum(1)),
                new Op("sum(-1,keep)", false, t -> t.sum(-1, true)),
                new Op("sum([0,2],keep)", false, t -> t.sum(new int[] {0, 2}, true)),
                new Op("sum([-3,-1])", false, t -> t.sum(new int[] {-3, -1}, false)),
                new Op("mean()", false, Tensor::mean),
                new Op("mean(0)", false, t -> t.mean(0)),
                new Op("mean(-2,keep)", false, t -> t.mean(-2, true)),
                new Op("mean([1,2])", false, t -> t.mean(new int[] {1, 2}, false)),
                new Op("prod()", false, Tensor::prod),
                new Op("prod(1)", false, t -> t.prod(1, false)),
                new Op("prod(-1,keep)", false, t -> t.prod(-1, true)),
                new Op("amax([1])", false, t -> t.amax(new int[] {1}, false)),
                new Op("amax([0,-1],keep)", false, t -> t.amax(new int[] {0, -1}, true)),
                new Op("amax(all)", false, t -> t.amax(new int[0], false)),
                new Op("amin([-1])", false, t -> t.amin(new int[] {-1}, false)),
                new Op("amin([0,1],keep)", false, t -> t.amin(new int[] {0, 1}, true)),
                new Op("max()", false, Tensor::max),
                new Op("min()", false, Tensor::min),
                new Op("max(1).values", false, t -> t.max(1).values()),
                new Op("max(-1,keep).values", false, t -> t.max(-1, true).values()),
                new Op("min(0).values", false, t -> t.min(0).values()),
                new Op("min(-2,keep).values", false, t -> t.min(-2, true).values()),
                new Op("var()", false, Tensor::var),
                new Op("var([1],0)", false, t -> t.var(new int[] {1}, 0, false)),
                new Op("var([0,-1],1,keep)", false, t -> t.var(new int[] {0, -1}, 1, true)),
                new Op("std()", false, Tensor::std),
                new Op("std([-1],1)", false, t -> t.std(new int[] {-1}, 1, false)),
                new Op("std([0,2],0,keep)", false, t -> t.std(new int[] {0, 2}, 0, true)),
                new Op("norm()", false, Tensor::norm),
                new Op("norm(1)", false, t -> t.norm(1)),
                new Op("norm(2)", false, t -> t.norm(2)),
                new Op("norm(3)", false, t -> t.norm(3)),
                new Op("norm(inf)", false, t -> t.norm(Double.POSITIVE_INFINITY)),
                new Op("norm(1,[1])", false, t -> t.norm(1, new int[] {1}, false)),
                new Op("norm(2,[-1],keep)", false, t -> t.norm(2, new int[] {-1}, true)),
                new Op("norm(3,[0,2])", false, t -> t.norm(3, new int[] {0, 2}, false)),
                new Op("norm(inf,[1],keep)", false, t -> t.norm(Double.POSITIVE_INFINITY, new int[] {1}, true)),
                new Op("logsumexp(1)", false, t -> t.logsumexp(1, false)),
                new Op("logsumexp(-1,keep)", false, t -> t.logsumexp(-1, true)),
                new Op("logsumexp([0,2])", false, t -> t.logsumexp(new int[] {0, 2}, false)),
                new Op("cumsum(0)", false, t -> t.cumsum(0)),
                new Op("cumsum(-1)", false, t -> t.cumsum(-1)),
                new Op("cumprod(1)", false, t -> t.cumprod(1)),
                new Op("cumprod(-1)", false, t -> t.cumprod(-1)),
                new Op("softmax(1)", false, t -> t.softmax(1)),
                new Op("softmax(-1)", false, t -> t.softmax(-1)),
                new Op("softmax(0)", false, t -> t.softmax(0)),
                new Op("logSoftmax(-1)", false, t -> t.logSoftmax(-1)),
                new Op("logSoftmax(1)", false, t -> t.logSoftmax(1)));
    }

    static Stream<Arguments> cases() {
        return ops().stream().flatMap(op -> Stream.of(Arguments.of(op, "contiguous"), Arguments.of(op, "transposed"),
                Arguments.of(op, "stepped"), Arguments.of(op, "broadcast")));
    }

    /** Every op takes a rank-3 input of shape [2, 3, 4]. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void reduction(Op op, String layout) {
        switch (layout) {
            case "contiguous" -> checkBoth(in -> op.fn().apply(in[0]), randn(1, 2, 3, 4));
            case "transposed" -> checkBoth(in -> op.fn().apply(in[0]), transposed(2, 2, 3, 4));
            case "stepped" -> checkBoth(in -> op.fn().apply(in[0].slice(2, 1, 8, 2)), randn(3, 2, 3, 8));
            // broadcast inside fn: the expanded copies are distinct elements of the reduction
            // (and so ties for max/min; those are avoided by adding a distinct offset per copy)
            case "broadcast" -> checkBoth(in -> op.fn().apply(in[0].expand(2, 3, 4).add(offsets())), randn(4, 3, 1));
            default -> throw new AssertionError(layout);
        }
    }

    /** Distinct constants of shape [2, 3, 4] (0.3 apart), so that a broadcast input has no ties. */
    private static Tensor offsets() {
        return Tensor.of(NDArray.arange(0, 24).to(DType.FLOAT64).mul(0.3).reshape(2, 3, 4));
    }

    @Test
    void cumprodAndProdAreTwiceDifferentiableThroughZeros() {
        Tensor x = Tensor.of(NDArray.of(new double[][] {{1.5, 0.0, 2.0, -1.0}, {0.5, 2.0, 0.0, 0.0}, {1.1, 1.2, 1.3, 0.9}}))
                .requiresGrad_();
        checkBoth(in -> in[0].cumprod(1), x);
        checkBoth(in -> in[0].prod(1, false), x);
    }

    @Test
    void reductionsOfLowerRank() {
        checkBoth(in -> in[0].sum(0), randn(5, 5));
        checkBoth(in -> in[0].softmax(0), randn(6, 5));
        checkBoth(in -> in[0].logsumexp(0, true), randn(7, 5));
        checkBoth(in -> in[0].cumsum(0).mul(in[0]), randn(8, 5));
        checkBoth(in -> in[0].prod(), randn(9, 5));
        checkBoth(in -> in[0].norm(3), randn(10, 5));
        // 0-d inputs
        checkBoth(in -> in[0].sum(), randn(11));
        checkBoth(in -> in[0].mean(), randn(12));
        checkBoth(in -> in[0].prod(), randn(13));
        checkBoth(in -> in[0].max(), randn(14));
        checkBoth(in -> in[0].cumsum(0), randn(15));
    }

    @Test
    void prodWithZerosFirstOrder() {
        // The product of the others is still defined where an element is zero (one or two zeros).
        Tensor one = Tensor.of(NDArray.of(0.7, 0.0, -1.3, 2.0).to(DType.FLOAT64)).requiresGrad_();
        Gradcheck.check(in -> in[0].prod(), one);
        Tensor two = Tensor.of(NDArray.of(0.0, 1.5, 0.0, -2.0, 0.3, 1.1).to(DType.FLOAT64).reshape(2, 3)).requiresGrad_();
        Gradcheck.check(in -> in[0].prod(1, false), two);
        Gradcheck.check(in -> in[0].prod(0, true), two);
        Gradcheck.check(in -> in[0].prod(), two);
    }

    @Test
    void reductionsComposedWithPointwise() {
        checkBoth(in -> in[0].sub(in[0].mean(-1, true)).div(in[0].std(new int[] {-1}, 1, true)), randn(16, 3, 4));
        checkBoth(in -> in[0].exp().div(in[0].exp().sum(1, true)).log(), randn(17, 3, 4));
        checkBoth(in -> in[0].var(new int[] {0}, 1, false).sqrt(), uniform(18, 0.1, 3.0, 4, 3));
    }
}
