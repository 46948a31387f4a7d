package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.randn;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** Gradcheck itself: it catches a wrong first or second derivative and refuses inputs it cannot check. */
class GradcheckTest {

    /** sin with a wrong derivative (cos + 0.01). */
    static final class WrongSin extends CustomFunction {
        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].sin()};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(ctx.savedTensors()[0].cos().add(0.01))};
        }
    }

    /** x^2 whose backward is right but not differentiable in x (it uses detached values). */
    static final class FirstOrderOnlySquare extends CustomFunction {
        @Override
        protected Tensor[] forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].square()};
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(ctx.savedTensors()[0].detach().mul(2))};
        }
    }

    @Test
    void catchesAWrongFirstDerivative() {
        Gradcheck.GradcheckException e = assertThrows(Gradcheck.GradcheckException.class,
                () -> Gradcheck.check(in -> new WrongSin().apply(in[0])[0], randn(1, 3)));
        assertTrue(e.getMessage().contains("Jacobian mismatch"), e.getMessage());
    }

    @Test
    void catchesAWrongSecondDerivative() {
        Gradcheck.check(in -> new FirstOrderOnlySquare().apply(in[0])[0], randn(2, 3));
        assertThrows(Gradcheck.GradcheckException.class,
                () -> Gradcheck.gradgradcheck(in -> new FirstOrderOnlySquare().apply(in[0])[0], randn(2, 3)));
    }

    @Test
    void needsFloat64AndNonOverlappingInputs() {
        Tensor f32 = Tensor.of(NDArray.randn(3)).requiresGrad_();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gradcheck.check(in -> in[0].exp(), f32));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());

        Tensor expanded = Tensor.of(NDArray.randn(new int[] {1, 3}, DType.FLOAT64,
                new dev.ravel.tensor.Generator(3)).expand(2, 3)).requiresGrad_();
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> Gradcheck.check(in -> in[0].exp(), expanded));
        assertTrue(o.getMessage().contains("stride 0"), o.getMessage());

        Tensor noGrad = Tensor.of(NDArray.zeros(DType.FLOAT64, 2));
        assertThrows(IllegalArgumentException.class, () -> Gradcheck.check(in -> in[0].exp(), noGrad));
    }

    @Test
    void inputsAreRestoredAfterTheCheck() {
        Tensor x = randn(4, 2, 3);
        double[] before = x.toDoubleArray();
        Gradcheck.check(in -> in[0].exp().sum(), x);
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, x.toDoubleArray(), 0);
    }
}
