package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.mask;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static dev.ravel.autograd.GradTesting.transposedUniform;
import static dev.ravel.autograd.GradTesting.uniform;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gradcheck and gradgradcheck of every elementwise op, each on a contiguous leaf, a transposed
 * (non-contiguous) leaf, a stepped slice taken inside the function, and an input broadcast inside
 * the function. Inputs stay away from the points where an op is not differentiable.
 */
class PointwiseGradTest {

    /** Where an op's inputs are drawn from. */
    enum Domain { ANY, POSITIVE }

    record Unary(String name, Domain domain, UnaryOperator<Tensor> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Unary> unaryOps() {
        return List.of(
                new Unary("neg", Domain.ANY, Tensor::neg),
                new Unary("abs", Domain.ANY, Tensor::abs),
                new Unary("exp", Domain.ANY, Tensor::exp),
                new Unary("log", Domain.POSITIVE, Tensor::log),
                new Unary("log1p", Domain.POSITIVE, Tensor::log1p),
                new Unary("expm1", Domain.ANY, Tensor::expm1),
                new Unary("sqrt", Domain.POSITIVE, Tensor::sqrt),
                new Unary("rsqrt", Domain.POSITIVE, Tensor::rsqrt),
                new Unary("square", Domain.ANY, Tensor::square),
                new Unary("reciprocal", Domain.POSITIVE, Tensor::reciprocal),
                new Unary("sin", Domain.ANY, Tensor::sin),
                new Unary("cos", Domain.ANY, Tensor::cos),
                new Unary("tanh", Domain.ANY, Tensor::tanh),
                new Unary("sigmoid", Domain.ANY, Tensor::sigmoid),
                new Unary("relu", Domain.ANY, Tensor::relu),
                new Unary("gelu", Domain.ANY, Tensor::gelu),
                new Unary("gelu(none)", Domain.ANY, t -> t.gelu("none")),
                new Unary("gelu(tanh)", Domain.ANY, t -> t.gelu("tanh")),
                new Unary("silu", Domain.ANY, Tensor::silu),
                new Unary("softplus", Domain.ANY, Tensor::softplus),
                new Unary("softplus(beta=2,threshold=1.5)", Domain.ANY, t -> t.softplus(2, 1.5)),
                new Unary("erf", Domain.ANY, Tensor::erf),
                new Unary("leakyRelu(0.1)", Domain.ANY, t -> t.leakyRelu(0.1)),
                new Unary("elu(1.3)", Domain.ANY, t -> t.elu(1.3)),
                new Unary("clamp(-0.5,0.5)", Domain.ANY, t -> t.clamp(-0.5, 0.5)),
                new Unary("clampMin(-0.3)", Domain.ANY, t -> t.clampMin(-0.3)),
                new Unary("clampMax(0.4)", Domain.ANY, t -> t.clampMax(0.4)),
                new Unary("add(2.5)", Domain.ANY, t -> t.add(2.5)),
                new Unary("add(3L)", Domain.ANY, t -> t.add(3L)),
                new Unary("sub(1.5)", Domain.ANY, t -> t.sub(1.5)),
                new Unary("sub(2L)", Domain.ANY, t -> t.sub(2L)),
                new Unary("rsub(2)", Domain.ANY, t -> t.rsub(2)),
                new Unary("mul(-1.7)", Domain.ANY, t -> t.mul(-1.7)),
                new Unary("mul(3L)", Domain.ANY, t -> t.mul(3L)),
                new Unary("div(4.0)", Domain.ANY, t -> t.div(4.0)),
                new Unary("div(2L)", Domain.ANY, t -> t.div(2L)),
                new Unary("rdiv(3)", Domain.POSITIVE, t -> t.rdiv(3)),
                new Unary("pow(3)", Domain.ANY, t -> t.pow(3)),
                new Unary("pow(2.5)", Domain.POSITIVE, t -> t.pow(2.5)),
                new Unary("pow(-1.5)", Domain.POSITIVE, t -> t.pow(-1.5)),
                new Unary("pow(1)", Domain.ANY, t -> t.pow(1)),
                new Unary("pow(0)", Domain.ANY, t -> t.pow(0)),
                new Unary("remainder(0.7)", Domain.ANY, t -> t.remainder(0.7)),
                new Unary("chain", Domain.ANY, t -> t.mul(2).sin().add(t.tanh()).mul(t.sigmoid())));
    }

    private static Tensor leaf(Domain d, long seed, int... shape) {
        return d == Domain.POSITIVE ? uniform(seed, 0.5, 2.0, shape) : randn(seed, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryContiguous(Unary u) {
        checkBoth(in -> u.op().apply(in[0]), leaf(u.domain(), 1, 3, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryTransposedLeaf(Unary u) {
        Tensor x = u.domain() == Domain.POSITIVE ? transposedUniform(2, 0.5, 2.0, 3, 4) : transposed(2, 3, 4);
        checkBoth(in -> u.op().apply(in[0]), x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unarySteppedSliceInside(Unary u) {
        checkBoth(in -> u.op().apply(in[0].slice(0, 1, 6, 2).transpose(0, 1)), leaf(u.domain(), 3, 6, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryBroadcastInside(Unary u) {
        checkBoth(in -> u.op().apply(in[0].expand(2, 3, 4)), leaf(u.domain(), 4, 3, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryScalar(Unary u) {
        checkBoth(in -> u.op().apply(in[0]), leaf(u.domain(), 5));
    }

    record Binary(String name, Domain left, Domain right, BinaryOperator<Tensor> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Binary> binaryOps() {
        return List.of(
                new Binary("add", Domain.ANY, Domain.ANY, Tensor::add),
                new Binary("add(alpha=-2)", Domain.ANY, Domain.ANY, (a, b) -> a.add(b, -2)),
                new Binary("sub", Domain.ANY, Domain.ANY, Tensor::sub),
                new Binary("mul", Domain.ANY, Domain.ANY, Tensor::mul),
                new Binary("div", Domain.ANY, Domain.POSITIVE, Tensor::div),
                new Binary("pow", Domain.POSITIVE, Domain.ANY, Tensor::pow),
                new Binary("maximum", Domain.ANY, Domain.ANY, Tensor::maximum),
                new Binary("minimum", Domain.ANY, Domain.ANY, Tensor::minimum),
                new Binary("remainder", Domain.ANY, Domain.POSITIVE, Tensor::remainder),
                new Binary("where", Domain.ANY, Domain.ANY, (a, b) -> Tensor.where(a.gt(b.mul(0.5)), a, b)),
                new Binary("mul-self", Domain.ANY, Domain.ANY, (a, b) -> a.mul(a).add(b.mul(a))));
    }

    static Stream<Arguments> binaryCases() {
        return binaryOps().stream().flatMap(b -> Stream.of(
                Arguments.of(b, "contiguous"),
                Arguments.of(b, "transposed+rowBroadcast"),
                Arguments.of(b, "outerBroadcast"),
                Arguments.of(b, "steppedSlice+transposed"),
                Arguments.of(b, "scalarOperand")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binary(Binary b, String layout) {
        Domain l = b.left();
        Domain r = b.right();
        switch (layout) {
            case "contiguous" -> checkBoth(in -> b.op().apply(in[0], in[1]), leaf(l, 11, 3, 4), leaf(r, 12, 3, 4));
            case "transposed+rowBroadcast" -> checkBoth(in -> b.op().apply(in[0], in[1]),
                    l == Domain.POSITIVE ? transposedUniform(13, 0.5, 2, 3, 4) : transposed(13, 3, 4), leaf(r, 14, 4));
            case "outerBroadcast" -> checkBoth(in -> b.op().apply(in[0], in[1]), leaf(l, 15, 3, 1), leaf(r, 16, 1, 4));
            case "steppedSlice+transposed" -> checkBoth(in -> b.op().apply(in[0].slice(1, 0, 8, 2), in[1]),
                    leaf(l, 17, 3, 8), r == Domain.POSITIVE ? transposedUniform(18, 0.5, 2, 3, 4) : transposed(18, 3, 4));
            case "scalarOperand" -> checkBoth(in -> b.op().apply(in[0], in[1]), leaf(l, 19, 2, 3), leaf(r, 20));
            default -> throw new AssertionError(layout);
        }
    }

    @Test
    void binaryBroadcastInsideFn() {
        // Both operands expanded explicitly inside the function (an expand node on each side).
        checkBoth(in -> in[0].expand(2, 3).mul(in[1].expand(2, 3)).add(in[0].expand(2, 3).div(in[1].abs().add(1).expand(2, 3))),
                randn(21, 1, 3), randn(22, 2, 1));
    }

    @Test
    void maskedFill() {
        Tensor m = mask(new int[] {3, 4}, true, false, false, true, false, true, false, false, true, true, false, false);
        checkBoth(in -> in[0].maskedFill(m, 2.5), randn(31, 3, 4));
        checkBoth(in -> in[0].maskedFill(m, -1), transposed(32, 3, 4));
        // a mask broadcast over rows, and an input broadcast against the mask
        Tensor row = mask(new int[] {4}, false, true, true, false);
        checkBoth(in -> in[0].maskedFill(row, 0.0), randn(33, 3, 4));
        checkBoth(in -> in[0].maskedFill(m, 7.0), randn(34, 4));
    }

    @Test
    void whereWithBroadcastAndScalarBranches() {
        Tensor cond = mask(new int[] {2, 3}, true, false, true, false, false, true);
        checkBoth(in -> Tensor.where(cond, in[0], in[1]), randn(41, 2, 3), randn(42, 3));
        checkBoth(in -> Tensor.where(cond, in[0], in[1]), transposed(43, 2, 3), randn(44));
        checkBoth(in -> Tensor.where(cond.slice(1, 0, 3, 2), in[0], in[1]), randn(45, 2, 1), randn(46, 1, 2));
    }

    @Test
    void stepFunctionsHaveZeroGradient() {
        for (UnaryOperator<Tensor> op : List.<UnaryOperator<Tensor>>of(Tensor::sign, Tensor::floor, Tensor::ceil,
                Tensor::round, Tensor::trunc)) {
            Tensor x = Tensor.of(NDArray.of(0.3, 1.7, -2.2).to(DType.FLOAT64)).requiresGrad_();
            Tensor y = op.apply(x);
            y.sum().backward();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
            checkBoth(in -> op.apply(in[0]).add(in[0].mul(2)), randn(47, 3).requiresGrad_());
        }
    }
}
