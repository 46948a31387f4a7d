package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gradcheck and gradgradcheck of views, reshapes, splits and copies, on contiguous and
 * non-contiguous leaves and on inputs broadcast inside the function. Each view is followed by a
 * multiplication with distinct weights, so that a gradient routed to the wrong element shows.
 */
class ViewGradTest {

    record Op(String name, UnaryOperator<Tensor> fn) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Ops on a [2, 3, 4] input. */
    static List<Op> ops() {
        return List.of(
                new Op("view(6,4)", t -> t.contiguous().view(6, 4)),
                new Op("view(-1)", t -> t.contiguous().view(-1)),
                new Op("reshape(4,6)", t -> t.reshape(4, 6)),
                new Op("reshape(3,-1)", t -> t.reshape(3, -1)),
                new Op("reshapeAs", t -> t.reshapeAs(Tensor.of(dev.ravel.tensor.NDArray.zeros(8, 3)))),
                new Op("viewAs", t -> t.contiguous().viewAs(Tensor.of(dev.ravel.tensor.NDArray.zeros(3, 2, 4)))),
                new Op("permute(2,0,1)", t -> t.permute(2, 0, 1)),
                new Op("permute(-1,1,0)", t -> t.permute(-1, 1, 0)),
                new Op("transpose(0,2)", t -> t.transpose(0, 2)),
                new Op("transpose(-1,-2)", t -> t.transpose(-1, -2)),
                new Op("t", t -> t.select(0, 1).t()),
                new Op("t(1-D)", t -> t.select(0, 0).select(0, 2).t()),
                new Op("mT", Tensor::mT),
                new Op("narrow(2,1,2)", t -> t.narrow(2, 1, 2)),
                new Op("narrow(-2,0,2)", t -> t.narrow(-2, 0, 2)),
                new Op("select(1,2)", t -> t.select(1, 2)),
                new Op("select(-1,-1)", t -> t.select(-1, -1)),
                new Op("slice(2,0,4,3)", t -> t.slice(2, 0, 4, 3)),
                new Op("slice(1,1,3)", t -> t.slice(1, 1, 3)),
                new Op("slice(-1,1,4,2)", t -> t.slice(-1, 1, 4, 2)),
                new Op("expand", t -> t.unsqueeze(1).expand(2, 3, 3, 4)),
                new Op("expandAs", t -> t.select(0, 0).expandAs(t)),
                new Op("broadcastTo", t -> t.broadcastTo(5, 2, 3, 4)),
                new Op("squeeze()", t -> t.narrow(1, 1, 1).squeeze()),
                new Op("squeeze(1)", t -> t.narrow(1, 0, 1).squeeze(1)),
                new Op("squeeze(noop)", t -> t.squeeze(0)),
                new Op("unsqueeze(0)", t -> t.unsqueeze(0)),
                new Op("unsqueeze(-1)", t -> t.unsqueeze(-1)),
                new Op("flatten()", Tensor::flatten),
                new Op("flatten(1,2)", t -> t.flatten(1, 2)),
                new Op("unflatten(2,[2,2])", t -> t.unflatten(2, 2, 2)),
                new Op("unflatten(-1,[-1,2])", t -> t.unflatten(-1, -1, 2)),
                new Op("diagonal()", t -> t.diagonal()),
                new Op("diagonal(1,1,2)", t -> t.diagonal(1, 1, 2)),
                new Op("diagonal(-1,-1,-2)", t -> t.diagonal(-1, -1, -2)),
                new Op("split(2,2)", t -> Tensor.cat(pick(t.split(2, 2)), 2)),
                new Op("split([1,2],1)", t -> Tensor.cat(pick(t.split(new int[] {1, 2}, 1)), 1)),
                new Op("chunk(3,-1)", t -> Tensor.cat(pick(t.chunk(3, -1)), -1)),
                new Op("unbind(1)", t -> Tensor.stack(pick(t.unbind(1)), 0)),
                new Op("flip(0)", t -> t.flip(0)),
                new Op("flip(1,-1)", t -> t.flip(1, -1)),
                new Op("contiguous", t -> t.transpose(0, 1).contiguous()),
                new Op("clone", Tensor::clone),
                new Op("to(float64)", t -> t.to(DType.FLOAT64)),
                new Op("view-of-view", t -> t.permute(1, 0, 2).narrow(0, 1, 2).select(2, 3).unsqueeze(0)));
    }

    /** All parts but the middle one (which gets no gradient), scaled by different weights. */
    private static List<Tensor> pick(List<Tensor> parts) {
        List<Tensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.size() > 2 && i == 1) {
                continue;
            }
            out.add(parts.get(i).mul(i + 1.5));
        }
        return out;
    }

    /** A weight per output element, so that every element's gradient differs. */
    private static Tensor weighted(Tensor y) {
        Tensor w = Tensor.of(dev.ravel.tensor.NDArray.arange(0, y.numel()).to(DType.FLOAT64).mul(0.37).add(0.5)
                .reshape(y.shape()));
        return y.mul(w).mul(y.sin().add(2));
    }

    static Stream<Arguments> cases() {
        return ops().stream().flatMap(op -> Stream.of(Arguments.of(op, "contiguous"), Arguments.of(op, "transposed"),
                Arguments.of(op, "stepped"), Arguments.of(op, "broadcast")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void view(Op op, String layout) {
        switch (layout) {
            case "contiguous" -> checkBoth(in -> weighted(op.fn().apply(in[0])), randn(1, 2, 3, 4));
            case "transposed" -> checkBoth(in -> weighted(op.fn().apply(in[0])), transposed(2, 2, 3, 4));
            case "stepped" -> checkBoth(in -> weighted(op.fn().apply(in[0].slice(0, 0, 4, 2))), randn(3, 4, 3, 4));
            case "broadcast" -> checkBoth(in -> weighted(op.fn().apply(in[0].expand(2, 3, 4))), randn(4, 1, 3, 4));
            default -> throw new AssertionError(layout);
        }
    }

    @Test
    void toFloat32AndBack() {
        // A float32 round trip is linear, so a larger step keeps the finite differences exact
        // enough at float32 precision.
        Gradcheck.Options opt = new Gradcheck.Options(1e-2, 1e-4, 1e-3);
        Gradcheck.check(in -> in[0].to(DType.FLOAT32).mul(3).to(DType.FLOAT64), opt, randn(5, 2, 3));
        Gradcheck.gradgradcheck(in -> in[0].to(DType.FLOAT32).square().to(DType.FLOAT64), opt, randn(6, 2, 3));

        Tensor x = randn(7, 2, 3);
        Tensor y = x.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, y.dtype());
        assertTrue(y.requiresGrad());
        y.mul(2).sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype(), "the gradient is cast back to the input's dtype");
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, x.grad().toDoubleArray());

        Tensor ints = x.to(DType.INT64);
        assertFalse(ints.requiresGrad(), "an integer copy does not require grad");
        assertSame(x, x.to(DType.FLOAT64));
    }

    @Test
    void viewsAreViews() {
        Tensor x = randn(8, 2, 3, 4);
        Tensor v = x.transpose(0, 2);
        assertSame(x.data().storage(), v.data().storage());
        assertEquals("TransposeBackward0", v.gradFn().name());
        Tensor c = x.contiguous();
        assertSame(x, c, "contiguous() of a contiguous tensor is the tensor itself");
        assertEquals("ContiguousBackward0", v.contiguous().gradFn().name());
    }

    @Test
    void sameLeafThroughSeveralViews() {
        checkBoth(in -> in[0].t().matmul(in[0]).add(in[0].diagonal().unsqueeze(0)).mul(in[0].narrow(0, 0, 1).sum()),
                randn(9, 3, 3));
        checkBoth(in -> Tensor.cat(List.of(in[0].select(0, 0), in[0].select(1, 2), in[0].flatten()), 0).exp(),
                transposed(10, 3, 3));
    }
}
