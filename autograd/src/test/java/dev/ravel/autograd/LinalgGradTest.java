package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ravel.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** gradcheck and gradgradcheck of matmul for every rank combination, and of mm, bmm, dot, outer, addmm. */
class LinalgGradTest {

    static Stream<Arguments> matmulShapes() {
        return Stream.of(
                Arguments.of(new int[] {3}, new int[] {3}, new int[0]),
                Arguments.of(new int[] {3}, new int[] {3, 2}, new int[] {2}),
                Arguments.of(new int[] {2, 3}, new int[] {3}, new int[] {2}),
                Arguments.of(new int[] {2, 3}, new int[] {3, 4}, new int[] {2, 4}),
                Arguments.of(new int[] {2, 2, 3}, new int[] {3}, new int[] {2, 2}),
                Arguments.of(new int[] {3}, new int[] {2, 3, 2}, new int[] {2, 2}),
                Arguments.of(new int[] {2, 2, 3}, new int[] {3, 2}, new int[] {2, 2, 2}),
                Arguments.of(new int[] {2, 3}, new int[] {2, 3, 2}, new int[] {2, 2, 2}),
                Arguments.of(new int[] {2, 2, 3}, new int[] {2, 3, 2}, new int[] {2, 2, 2}),
                Arguments.of(new int[] {2, 1, 2, 3}, new int[] {3, 3, 2}, new int[] {2, 3, 2, 2}),
                Arguments.of(new int[] {1, 2, 3}, new int[] {2, 1, 3, 2}, new int[] {2, 1, 2, 2}),
                Arguments.of(new int[] {2, 1, 2, 3}, new int[] {3}, new int[] {2, 1, 2}));
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("matmulShapes")
    void matmulContiguous(int[] a, int[] b, int[] out) {
        checkBoth(in -> in[0].matmul(in[1]), randn(1, a), randn(2, b));
        assertArrayEquals(out, randn(1, a).matmul(randn(2, b)).shape());
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("matmulShapes")
    void matmulNonContiguous(int[] a, int[] b, int[] out) {
        Tensor x = a.length >= 2 ? transposed(3, a) : randn(3, a);
        Tensor y = b.length >= 2 ? transposed(4, b) : randn(4, b);
        checkBoth(in -> in[0].matmul(in[1]), x, y);
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("matmulShapes")
    void matmulSteppedAndBroadcastInside(int[] a, int[] b, int[] out) {
        // the left operand is a stepped slice of a larger leaf, the right one broadcast from size 1
        int[] big = a.clone();
        big[big.length - 1] *= 2;
        int[] small = b.clone();
        small[0] = 1;
        checkBoth(in -> in[0].slice(-1, 1, big[big.length - 1], 2).matmul(in[1].expand(b)), randn(5, big),
                randn(6, small));
    }

    @Test
    void mm() {
        checkBoth(in -> in[0].mm(in[1]), randn(11, 2, 3), randn(12, 3, 4));
        checkBoth(in -> in[0].mm(in[1]), transposed(13, 2, 3), transposed(14, 3, 4));
        checkBoth(in -> in[0].mm(in[0].t()), randn(15, 3, 2));
        checkBoth(in -> in[0].expand(2, 3).mm(in[1].slice(1, 0, 4, 2)), randn(16, 1, 3), randn(17, 3, 4));
    }

    @Test
    void bmm() {
        checkBoth(in -> in[0].bmm(in[1]), randn(21, 2, 2, 3), randn(22, 2, 3, 2));
        checkBoth(in -> in[0].bmm(in[1]), transposed(23, 2, 2, 3), transposed(24, 2, 3, 2));
        checkBoth(in -> in[0].expand(2, 2, 3).bmm(in[1].permute(2, 0, 1)), randn(25, 1, 2, 3), randn(26, 3, 2, 2));
    }

    @Test
    void dotAndOuter() {
        checkBoth(in -> in[0].dot(in[1]), randn(31, 4), randn(32, 4));
        checkBoth(in -> in[0].slice(0, 0, 8, 2).dot(in[1].select(1, 1)), randn(33, 8), randn(34, 4, 2));
        checkBoth(in -> in[0].dot(in[0]), randn(35, 3));
        checkBoth(in -> in[0].outer(in[1]), randn(36, 3), randn(37, 2));
        checkBoth(in -> in[0].select(0, 1).outer(in[1].expand(4).mul(in[0].select(0, 0).sum())), transposed(38, 2, 3),
                randn(39, 1));
    }

    @Test
    void linearOverAnyLeadingDims() {
        checkBoth(in -> LinalgFunctions.linear(in[0], in[1], in[2]), randn(51, 3, 4), randn(52, 2, 4), randn(53, 2));
        checkBoth(in -> LinalgFunctions.linear(in[0], in[1], null), randn(54, 2, 3, 4), transposed(55, 2, 4));
        checkBoth(in -> LinalgFunctions.linear(in[0], in[1], in[2]), randn(56, 4), randn(57, 3, 4), randn(58, 3));
        checkBoth(in -> LinalgFunctions.linear(in[0].transpose(0, 1), in[1], in[2]), randn(59, 4, 2, 3),
                randn(60, 2, 3), randn(61, 2));
        // the same numbers as the composite x @ w^T + b
        Tensor x = randn(62, 2, 3, 4);
        Tensor w = randn(63, 5, 4);
        Tensor b = randn(64, 5);
        Tensor y = LinalgFunctions.linear(x, w, b);
        assertArrayEquals(new int[] {2, 3, 5}, y.shape());
        assertArrayEquals(x.matmul(w.t()).add(b).toDoubleArray(), y.toDoubleArray(), 1e-12);
    }

    @Test
    void linearNamesMismatchedBiasDtype() {
        Tensor x = randn(65, 2, 3);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LinalgFunctions.linear(x, randn(66, 4, 3), randn(67, 4).to(dev.ravel.tensor.DType.FLOAT32)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("linear")
                && e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void addmm() {
        checkBoth(in -> in[0].addmm(in[1], in[2]), randn(41, 2, 4), randn(42, 2, 3), randn(43, 3, 4));
        checkBoth(in -> in[0].addmm(in[1], in[2], 0.5, -2), randn(44, 4), transposed(45, 2, 3), randn(46, 3, 4));
        checkBoth(in -> in[0].addmm(in[1], in[2], 1, 3), randn(47, 2, 1), randn(48, 2, 3), transposed(49, 3, 4));
        checkBoth(in -> in[0].addmm(in[1], in[2], 0, 1), randn(50, 2, 4), randn(51, 2, 3), randn(52, 3, 4));
    }
}
