package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.Window2d;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to a Tensor op fails with a message that names the op and the shapes involved. */
class ErrorMessagesTest {
    private static final int[] ONE = {1, 1};

    private static Tensor t(int... shape) {
        return Tensor.of(NDArray.zeros(DType.FLOAT64, shape)).requiresGrad_();
    }

    private static void fails(Executable call, String... parts) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof IndexOutOfBoundsException, "type " + e.getClass().getName() + ": " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void matmulFamily() {
        fails(() -> t(64, 784).matmul(t(256, 128)), "matmul", "[64, 784]", "[256, 128]", "784 != 256");
        fails(() -> t(3).matmul(t(4)), "matmul", "3 != 4");
        fails(() -> t(2, 3, 4).matmul(t(5)), "matmul", "4 != 5");
        fails(() -> t().matmul(t(3)), "matmul", "0D");
        fails(() -> t(2, 3, 4).mm(t(4, 2)), "mm", "2-D", "[2, 3, 4]");
        fails(() -> t(2, 3).mm(t(4, 2)), "3 != 4");
        fails(() -> t(2, 3, 4).bmm(t(3, 4, 2)), "bmm", "same number of batches", "2", "3");
        fails(() -> t(3, 4).bmm(t(3, 4, 2)), "bmm", "3-D");
        fails(() -> t(2, 2).dot(t(2)), "dot", "1D");
        fails(() -> t(3).dot(t(4)), "3 != 4");
        fails(() -> t(2, 2).outer(t(2)), "outer", "1D");
        fails(() -> t(3).addmm(t(2, 3), t(4, 3)), "3 != 4");
        fails(() -> t(2, 3, 2).matmul(t(4, 2, 5)), "matmul");
    }

    @Test
    void conv2d() {
        fails(() -> Ravel.conv2d(t(1, 3, 5, 5), t(4, 2, 3, 3), null, ONE, ONE, ONE, 1), "conv2d", "groups=1",
                "[4, 2, 3, 3]", "to have 2 channels, but got 3 channels instead");
        fails(() -> Ravel.conv2d(t(1, 4, 5, 5), t(3, 2, 3, 3), null, ONE, ONE, ONE, 2), "conv2d",
                "out_channels (3) must be divisible by groups (2)");
        fails(() -> Ravel.conv2d(t(5, 5), t(1, 1, 3, 3), null, ONE, ONE, ONE, 1), "conv2d", "3D", "4D", "[5, 5]");
        fails(() -> Ravel.conv2d(t(1, 1, 5, 5), t(1, 3, 3), null, ONE, ONE, ONE, 1), "conv2d", "weight", "[1, 3, 3]");
        fails(() -> Ravel.conv2d(t(1, 1, 5, 5), t(2, 1, 3, 3), t(3), ONE, ONE, ONE, 1), "conv2d", "bias", "[2]",
                "[3]");
        fails(() -> Ravel.conv2d(t(1, 1, 2, 2), t(1, 1, 3, 3), null, ONE, new int[] {0, 0}, ONE, 1), "conv2d",
                "Kernel size can't be greater than actual input size");
        fails(() -> Ravel.conv2d(t(1, 1, 5, 5), t(1, 1, 3, 3), null, ONE, ONE, ONE, 0), "conv2d", "groups");
    }

    @Test
    void joining() {
        fails(() -> Tensor.cat(List.of(t(2, 3), t(2, 4)), 0), "cat", "Expected size 3 but got size 4", "tensor number 1");
        fails(() -> Tensor.cat(List.of(t(2, 3), t(2)), 0), "cat");
        fails(() -> Tensor.cat(List.of(t(2, 3), t(2, 3)), 2), "cat", "2");
        fails(() -> Tensor.stack(List.of(t(2, 3), t(3, 2)), 0), "stack", "[2, 3]", "[3, 2]", "entry 1");
        fails(() -> Tensor.stack(List.of(), 0), "stack");
    }

    @Test
    void pointwiseAndReductions() {
        fails(() -> t(2, 3).add(t(4)), "[2, 3]", "[4]");
        fails(() -> t(2, 3).mul(t(3, 2)), "[2, 3]", "[3, 2]");
        fails(() -> t(2, 3).sum(2), "sum", "2");
        fails(() -> t(2, 3).mean(new int[] {-3}, false), "mean");
        fails(() -> t(2, 3).softmax(2), "softmax");
        fails(() -> t(2, 3).maskedFill(Tensor.of(NDArray.zeros(DType.BOOL, 4)), 1.0), "masked_fill");
    }

    @Test
    void viewsAndIndexing() {
        fails(() -> t(2, 3).view(4, 2), "view", "[4, 2]", "6");
        fails(() -> t(2, 3).transpose(0, 1).view(6), "view");
        fails(() -> t(2, 3).permute(0, 0), "permute");
        fails(() -> t(2, 3).narrow(1, 2, 2), "narrow");
        fails(() -> t(2, 3).select(0, 2), "select", "2");
        fails(() -> t(2, 3).expand(3, 3), "expand", "[2, 3]", "[3, 3]");
        fails(() -> t(2, 3).indexSelect(0, Tensor.of(NDArray.of(0L, 5L))), "index_select", "5");
        fails(() -> t(2, 3).gather(1, Tensor.of(NDArray.of(0.0, 1.0).reshape(2, 1))), "gather", "int64");
        fails(() -> t(2, 3).gather(1, Tensor.of(NDArray.of(0L, 3L).reshape(2, 1))), "gather", "3");
        fails(() -> t(2, 3).take(Tensor.of(NDArray.of(6L))), "6");
        fails(() -> t(2, 3).maxPool2d(Window2d.of(2, 2, 0), false), "max_pool2d");
        fails(() -> t(1, 1, 2, 2).maxPool2d(new Window2d(2, 2, 1, 1, 2, 2, 1, 1), false), "pad");
    }
}
