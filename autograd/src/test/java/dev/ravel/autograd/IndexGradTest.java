package dev.ravel.autograd;

import static dev.ravel.autograd.GradTesting.checkBoth;
import static dev.ravel.autograd.GradTesting.longs;
import static dev.ravel.autograd.GradTesting.randn;
import static dev.ravel.autograd.GradTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ravel.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gradcheck and gradgradcheck of indexing, scatter/gather, triangles, padding and joining, on
 * contiguous, non-contiguous and broadcast inputs; repeated indices accumulate.
 */
class IndexGradTest {

    @Test
    void indexSelect() {
        Tensor idx = longs(2, 0, 2, 2);
        checkBoth(in -> in[0].indexSelect(0, idx), randn(1, 3, 4));
        checkBoth(in -> in[0].indexSelect(1, idx), transposed(2, 3, 4));
        checkBoth(in -> in[0].indexSelect(-1, idx).mul(in[0].indexSelect(-1, longs(3, 1, 0, 1))), randn(3, 2, 4));
        checkBoth(in -> in[0].slice(0, 0, 6, 2).indexSelect(0, longs(1, 1, 0)), randn(4, 6, 2));
        checkBoth(in -> in[0].expand(3, 4).indexSelect(0, idx), randn(5, 4));
        checkBoth(in -> in[0].indexSelect(0, longs(4, 0)), randn(6, 5));
        checkBoth(in -> in[0].indexSelect(0, longs(new int[0], 0L)), randn(7));
    }

    @Test
    void gather() {
        Tensor idx = longs(new int[] {3, 2}, 0, 3, 1, 1, 3, 2);
        checkBoth(in -> in[0].gather(1, idx), randn(11, 3, 4));
        checkBoth(in -> in[0].gather(-1, idx), transposed(12, 3, 4));
        checkBoth(in -> in[0].gather(0, longs(new int[] {2, 4}, 2, 0, 1, 2, 2, 2, 0, 0)), randn(13, 3, 4));
        checkBoth(in -> in[0].expand(3, 4).gather(1, idx), randn(14, 1, 4));
        checkBoth(in -> in[0].slice(1, 0, 8, 2).gather(1, idx), randn(15, 3, 8));
    }

    @Test
    void scatter() {
        // no duplicate targets, so that the result is defined
        Tensor idx = longs(new int[] {2, 3}, 1, 0, 3, 3, 2, 0);
        checkBoth(in -> in[0].scatter(1, idx, in[1]), randn(21, 2, 4), randn(22, 2, 3));
        checkBoth(in -> in[0].scatter(1, idx, in[1]), transposed(23, 2, 4), transposed(24, 2, 3));
        checkBoth(in -> in[0].expand(2, 4).scatter(1, idx, in[1].expand(2, 3)), randn(25, 4), randn(26, 1, 3));
        checkBoth(in -> in[0].scatter(0, longs(new int[] {1, 4}, 1, 0, 1, 0), in[1]), randn(27, 2, 4), randn(28, 1, 4));
    }

    @Test
    void scatterValue() {
        Tensor idx = longs(new int[] {2, 2}, 1, 3, 0, 0);
        checkBoth(in -> in[0].scatter(1, idx, 2.5), randn(31, 2, 4));
        checkBoth(in -> in[0].scatter(-1, idx, -1), transposed(32, 2, 4));
        checkBoth(in -> in[0].expand(2, 4).scatter(1, idx, 0.0), randn(33, 4));
    }

    @Test
    void scatterAdd() {
        Tensor dup = longs(new int[] {2, 3}, 1, 1, 3, 0, 0, 0);
        checkBoth(in -> in[0].scatterAdd(1, dup, in[1]), randn(41, 2, 4), randn(42, 2, 3));
        checkBoth(in -> in[0].scatterAdd(-1, dup, in[1]), transposed(43, 2, 4), transposed(44, 2, 3));
        checkBoth(in -> in[0].expand(2, 4).scatterAdd(1, dup, in[1].slice(1, 0, 6, 2)), randn(45, 4), randn(46, 2, 6));
    }

    @Test
    void indexAdd() {
        Tensor dup = longs(2, 0, 2);
        checkBoth(in -> in[0].indexAdd(0, dup, in[1]), randn(51, 3, 4), randn(52, 3, 4));
        checkBoth(in -> in[0].indexAdd(1, dup, in[1]), transposed(53, 4, 3), transposed(54, 4, 3));
        checkBoth(in -> in[0].indexAdd(-1, dup, in[1].expand(2, 3)), randn(55, 2, 4), randn(56, 3));
    }

    @Test
    void take() {
        checkBoth(in -> in[0].take(longs(new int[] {2, 2}, 0, 11, 5, 5)), randn(61, 3, 4));
        checkBoth(in -> in[0].take(longs(-1, 3, -12, 3)), transposed(62, 3, 4));
        checkBoth(in -> in[0].expand(3, 4).take(longs(1, 6, 11)), randn(63, 4));
    }

    @Test
    void trilTriu() {
        for (int d : new int[] {-1, 0, 2}) {
            checkBoth(in -> in[0].tril(d), randn(71, 3, 4));
            checkBoth(in -> in[0].triu(d), transposed(72, 3, 4));
            checkBoth(in -> in[0].expand(2, 3, 4).tril(d).mul(in[0].triu(-d)), randn(73, 3, 1));
        }
        checkBoth(in -> in[0].tril(), randn(74, 2, 3, 3));
        checkBoth(in -> in[0].triu(), randn(75, 3, 3));
    }

    @Test
    void pad() {
        checkBoth(in -> in[0].pad(new int[] {1, 2}, 0.5), randn(81, 3, 4));
        checkBoth(in -> in[0].pad(new int[] {0, 1, 2, 0}, 0), transposed(82, 3, 4));
        checkBoth(in -> in[0].pad(new int[] {-1, 1, 1, -1}, 3), randn(83, 3, 4));
        checkBoth(in -> in[0].expand(2, 3).pad(new int[] {1, 1, 1, 0}, -2), randn(84, 3));
        checkBoth(in -> in[0].pad(new int[] {1, 1, 1, 1, 1, 0}, 1), randn(85, 2, 2, 3));
    }

    @Test
    void cat() {
        checkBoth(in -> Tensor.cat(List.of(in[0], in[1]), 0), randn(91, 2, 3), randn(92, 1, 3));
        checkBoth(in -> Tensor.cat(List.of(in[0], in[1], in[0]), -1), transposed(93, 2, 3), randn(94, 2, 2));
        checkBoth(in -> Tensor.cat(List.of(in[0].expand(2, 3), in[1].slice(0, 0, 4, 2)), 1), randn(95, 3),
                randn(96, 4, 2));
        checkBoth(in -> Tensor.cat(List.of(in[0]), 0), randn(97, 3));
    }

    @Test
    void catSkipsLegacyEmptyAndConstants() {
        Tensor empty = Tensor.of(dev.ravel.tensor.NDArray.zeros(dev.ravel.tensor.DType.FLOAT64, 0));
        checkBoth(in -> Tensor.cat(List.of(in[0], empty, in[1]), 1), randn(98, 2, 2), randn(99, 2, 1));
        Tensor constant = Tensor.of(dev.ravel.tensor.NDArray.ones(dev.ravel.tensor.DType.FLOAT64, 2, 2));
        Tensor x = randn(100, 2, 3);
        Tensor.cat(List.of(constant, x), 1).sum().backward();
        assertNull(constant.grad());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void stack() {
        checkBoth(in -> Tensor.stack(List.of(in[0], in[1]), 0), randn(101, 2, 3), randn(102, 2, 3));
        checkBoth(in -> Tensor.stack(List.of(in[0], in[1], in[0]), -1), transposed(103, 2, 3), randn(104, 2, 3));
        checkBoth(in -> Tensor.stack(List.of(in[0].expand(2, 3), in[1].t()), 1), randn(105, 3), randn(106, 3, 2));
    }

    @Test
    void flip() {
        checkBoth(in -> in[0].flip(0, 1), randn(111, 3, 4));
        checkBoth(in -> in[0].flip(-1), transposed(112, 3, 4));
        checkBoth(in -> in[0].expand(2, 3).flip(0).mul(in[0]), randn(113, 3));
    }
}
