package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** torch.autograd.Function in Java: saving inputs and outputs, needsInputGrad, non-differentiable outputs. */
class CustomFunctionTest {

    /** x^3, saving its input. */
    static final class Cube extends CustomFunction {
        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            assertFalse(Ravel.isGradEnabled(), "forward runs with grad mode off");
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].pow(3)};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[] {grads[0].mul(x.square().mul(3))};
        }
    }

    /** exp, saving its output. */
    static final class Exp extends CustomFunction {
        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            Tensor y = in[0].exp();
            ctx.saveForBackward(y);
            return new Tensor[] {y};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(ctx.savedTensors()[0])};
        }
    }

    /** a * b + scale * a, with a non-tensor value on the context and needsInputGrad checks. */
    static final class ScaledProduct extends CustomFunction {
        boolean[] asked = new boolean[2];

        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            ctx.put("scale", 2.5);
            return new Tensor[] {in[0].mul(in[1]).add(in[0].mul(2.5))};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            Tensor[] s = ctx.savedTensors();
            double scale = ctx.get("scale");
            asked[0] = ctx.needsInputGrad(0);
            asked[1] = ctx.needsInputGrad(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? grads[0].mul(s[1].add(scale)) : null,
                ctx.needsInputGrad(1) ? grads[0].mul(s[0]) : null};
        }
    }

    /** The maximum of each row and its index; the index is marked non-differentiable. */
    static final class RowMax extends CustomFunction {
        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            Tensor idx = in[0].argmax(1, true);
            Tensor val = in[0].gather(1, idx);
            Tensor idxAsFloat = idx.to(in[0].dtype());
            ctx.markNonDifferentiable(idxAsFloat);
            ctx.saveForBackward(idx);
            ctx.put("shape", in[0].shape());
            return new Tensor[] {val, idxAsFloat};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            int[] shape = ctx.get("shape");
            Tensor idx = ctx.savedTensors()[0];
            Tensor z = Tensor.of(NDArray.zeros(shape, grads[0].dtype(), grads[0].device()));
            return new Tensor[] {z.scatterAdd(1, idx, grads[0])};
        }
    }

    @Test
    void forwardAndBackward() {
        Tensor x = Tensor.of(NDArray.of(1.0, -2.0)).requiresGrad_();
        Tensor y = new Cube().apply(x)[0];
        assertArrayEquals(new double[] {1, -8}, y.toDoubleArray(), 0);
        assertTrue(y.requiresGrad());
        assertEquals("CubeBackward0", y.gradFn().name());
        y.sum().backward();
        assertArrayEquals(new double[] {3, 12}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void gradcheckThroughCustomFunctions() {
        checkBoth(in -> new Cube().apply(in[0])[0], randn(1, 3, 4));
        checkBoth(in -> new Cube().apply(in[0].t())[0].mul(in[0].t()), transposed(2, 3, 4));
        checkBoth(in -> new Exp().apply(in[0])[0], randn(3, 2, 3));
        checkBoth(in -> new ScaledProduct().apply(in[0], in[1])[0], randn(4, 2, 3), randn(5, 3));
        checkBoth(in -> new RowMax().apply(in[0])[0], randn(6, 3, 4));
    }

    @Test
    void savedOutputIsVersionChecked() {
        Tensor x = Tensor.of(NDArray.of(0.5, 1.0)).requiresGrad_();
        Tensor y = new Exp().apply(x)[0];
        y.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
        assertTrue(e.getMessage().contains("ExpBackward0"), e.getMessage());
    }

    @Test
    void savedInputIsVersionChecked() {
        Tensor x = Tensor.of(NDArray.of(0.5, 1.0)).requiresGrad_();
        Tensor h = x.mul(1.0);
        Tensor y = new Cube().apply(h)[0];
        h.mul_(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("is at version 1; expected version 0"), e.getMessage());
    }

    @Test
    void needsInputGrad() {
        Tensor a = Tensor.of(NDArray.of(1.0, 2.0)).requiresGrad_();
        Tensor b = Tensor.of(NDArray.of(3.0, 4.0));
        ScaledProduct f = new ScaledProduct();
        f.apply(a, b)[0].sum().backward();
        assertTrue(f.asked[0]);
        assertFalse(f.asked[1]);
        assertArrayEquals(new double[] {5.5, 6.5}, a.grad().toDoubleArray(), 0);
        assertNull(b.grad());
    }

    @Test
    void markNonDifferentiable() {
        Tensor x = Tensor.of(NDArray.of(1.0, 5.0, 2.0, 7.0, 0.0, 3.0).reshape(2, 3)).requiresGrad_();
        Tensor[] out = new RowMax().apply(x);
        assertTrue(out[0].requiresGrad());
        assertFalse(out[1].requiresGrad(), "a non-differentiable output does not require grad");
        assertArrayEquals(new double[] {1, 0}, out[1].toDoubleArray(), 0);
        out[0].sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void noGraphWithoutGradOrUnderNoGrad() {
        Tensor plain = Tensor.of(NDArray.of(2.0));
        assertFalse(new Cube().apply(plain)[0].requiresGrad());
        Tensor x = Tensor.of(NDArray.of(2.0)).requiresGrad_();
        try (var g = Ravel.noGrad()) {
            assertFalse(new Cube().apply(x)[0].requiresGrad());
        }
    }

    @Test
    void savedTensorsOnlyInBackward() {
        CustomFunction peek = new CustomFunction() {
            @Override
            protected Tensor[] forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                ctx.savedTensors();
                return new Tensor[] {in[0]};
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor... grads) {
                return grads;
            }
        };
        Tensor x = Tensor.of(NDArray.of(1.0)).requiresGrad_();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> peek.apply(x));
        assertTrue(e.getMessage().contains("only available in backward"), e.getMessage());
    }

    @Test
    void wrongNumberOfGradients() {
        CustomFunction bad = new CustomFunction() {
            @Override
            protected Tensor[] forward(Context ctx, Tensor... in) {
                return new Tensor[] {in[0].add(in[1])};
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor... grads) {
                return new Tensor[] {grads[0]};
            }
        };
        Tensor a = Tensor.of(NDArray.of(1.0)).requiresGrad_();
        Tensor b = Tensor.of(NDArray.of(1.0)).requiresGrad_();
        Tensor y = bad.apply(a, b)[0];
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("returned an incorrect number of gradients (expected 2, got 1)"),
                e.getMessage());
    }

    @Test
    void aGradientThatBroadcastsIsSummedToTheInputShape() {
        // as PyTorch's validate_outputs: a gradient the input's shape expands to is summed down
        CustomFunction wide = new CustomFunction() {
            @Override
            protected Tensor[] forward(Context ctx, Tensor... in) {
                return new Tensor[] {in[0].sum()};
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor... grads) {
                return new Tensor[] {Tensor.of(NDArray.ones(3, 2))};
            }
        };
        Tensor a = Tensor.of(NDArray.of(1.0, 2.0)).requiresGrad_();
        wide.apply(a)[0].backward();
        assertArrayEquals(new double[] {3, 3}, a.grad().toDoubleArray(), 0);
        assertEquals(dev.ravel.tensor.DType.FLOAT64, a.grad().dtype(), "cast to the input's dtype");
    }

    @Test
    void aGradientOfTheWrongShape() {
        CustomFunction bad = new CustomFunction() {
            @Override
            protected Tensor[] forward(Context ctx, Tensor... in) {
                return new Tensor[] {in[0].sum()};
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor... grads) {
                return new Tensor[] {Tensor.of(NDArray.ones(2, 3))};
            }
        };
        Tensor a = Tensor.of(NDArray.of(1.0, 2.0)).requiresGrad_();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.apply(a)[0].backward());
        assertTrue(e.getMessage().contains("returned an invalid gradient at index 0 - got [2, 3] but expected shape"
                + " compatible with [2]"), e.getMessage());
    }
}
