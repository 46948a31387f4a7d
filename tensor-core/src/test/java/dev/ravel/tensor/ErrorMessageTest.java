package dev.ravel.tensor;

import static dev.ravel.tensor.Check.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every user error gets an exception whose message names the op, the shapes or dtypes involved,
 * and what was expected. Device mismatch inside an op needs a second device and is not tested here.
 */
class ErrorMessageTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;

    private static final NDArray M = NDArray.zeros(3, 4);

    @Test
    void matmulInnerDimensionMismatch() {
        IllegalArgumentException e = fails(IAE, () -> NDArray.zeros(64, 784).matmul(NDArray.zeros(256, 128)));
        assertEquals("matmul: shapes [64, 784] and [256, 128] cannot be multiplied (784 != 256)", e.getMessage());
        fails(IAE, () -> NDArray.zeros(3).matmul(NDArray.zeros(4)), "matmul", "[3]", "[4]", "3 != 4");
        fails(IAE, () -> NDArray.zeros(2, 5, 3).matmul(NDArray.zeros(4, 2)), "matmul", "[2, 5, 3]", "[4, 2]",
                "3 != 4");
        fails(IAE, () -> NDArray.zeros(2, 5, 3).matmul(NDArray.zeros(2, 4, 2)), "matmul", "[2, 5, 3]", "[2, 4, 2]",
                "3 != 4");
        fails(IAE, () -> NDArray.zeros(2, 5, 3).matmul(NDArray.zeros(3, 3, 2)), "matmul", "[2]", "[3]",
                "cannot be broadcast");
        fails(IAE, () -> M.mm(NDArray.zeros(3, 4)), "mm", "[3, 4]", "4 != 3");
        fails(IAE, () -> M.mm(NDArray.zeros(4)), "mm", "2-D", "[4]");
        fails(IAE, () -> NDArray.zeros(2, 3, 4).bmm(NDArray.zeros(2, 5, 1)), "bmm", "4 != 5");
        fails(IAE, () -> NDArray.zeros(2, 3, 4).bmm(NDArray.zeros(3, 4, 1)), "bmm", "batches", "2", "3");
        fails(IAE, () -> NDArray.zeros(3).dot(NDArray.zeros(2)), "dot", "3 != 2");
        fails(IAE, () -> M.dot(M), "dot", "1D", "2D");
        fails(IAE, () -> NDArray.scalar(1.0).matmul(M), "matmul", "1D", "0D");
        fails(IAE, () -> M.matmul(NDArray.zeros(DType.FLOAT64, 4, 2)), "matmul", "torch.float32", "torch.float64");
        fails(IAE, () -> NDArray.zeros(DType.BOOL, 2, 2).matmul(NDArray.zeros(DType.BOOL, 2, 2)), "matmul", "bool");
        fails(IAE, () -> NDArray.zeros(2).addmm(M, NDArray.zeros(4, 3)), "addmm", "[2]", "[3, 3]");
    }

    @Test
    void broadcastMismatchNamesOpAndShapes() {
        IllegalArgumentException e = fails(IAE, () -> NDArray.zeros(2, 3).add(NDArray.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (size 3 vs 4 at dimension 1)",
                e.getMessage());
        fails(IAE, () -> NDArray.zeros(2, 3).mul(NDArray.zeros(3, 3)), "mul", "[2, 3]", "[3, 3]");
        fails(IAE, () -> NDArray.zeros(2, 3).lt(NDArray.zeros(2)), "lt", "[2, 3]", "[2]");
        fails(IAE, () -> NDArray.where(NDArray.zeros(DType.BOOL, 2), NDArray.zeros(3), NDArray.zeros(3)), "where",
                "[2]", "[3]");
        fails(IAE, () -> NDArray.zeros(3).broadcastTo(2, 4), "broadcast_to", "[3]", "[2, 4]");
        fails(IAE, () -> NDArray.zeros(3).expand(2, 4), "expand", "3", "4", "[2, 4]", "[3]");
        fails(IAE, () -> NDArray.zeros(2, 3).expand(3), "expand", "(1)", "(2)");
        fails(IAE, () -> NDArray.zeros(3).copy_(NDArray.zeros(4)), "copy_", "[3]", "[4]");
        fails(IAE, () -> NDArray.zeros(3).copy_(NDArray.zeros(2, 3)), "copy_",
                "output with shape [3] doesn't match the broadcast shape [2, 3]");
        fails(IAE, () -> NDArray.zeros(2, 1).copy_(NDArray.zeros(3)), "copy_", "[2, 1]", "[2, 3]");
        fails(IAE, () -> NDArray.zeros(3).maskedFill_(NDArray.zeros(DType.BOOL, 2, 3), 0), "masked_fill_", "[2, 3]",
                "[3]");
    }

    @Test
    void dimOutOfRangePositiveAndNegative() {
        String range = "expected to be in range of [-2, 1]";
        fails(IOOBE, () -> M.sum(2), "sum", range, "got 2");
        fails(IOOBE, () -> M.sum(-3), "sum", range, "got -3");
        fails(IOOBE, () -> M.mean(new int[] {0, 5}, false), "mean", "got 5");
        fails(IOOBE, () -> M.softmax(2), "softmax", range, "got 2");
        fails(IOOBE, () -> M.logSoftmax(-3), "log_softmax", "got -3");
        fails(IOOBE, () -> M.transpose(0, 2), "transpose", range);
        fails(IOOBE, () -> NDArray.scalar(1.0).transpose(0, 1), "transpose", "[-1, 0]", "got 1");
        fails(IOOBE, () -> M.permute(0, 2), "permute", range);
        fails(IOOBE, () -> M.squeeze(2), "squeeze", range);
        fails(IOOBE, () -> M.unsqueeze(3), "unsqueeze", "expected to be in range of [-3, 2]", "got 3");
        fails(IOOBE, () -> M.unsqueeze(-4), "unsqueeze", "got -4");
        fails(IOOBE, () -> M.narrow(2, 0, 1), "narrow", range);
        fails(IOOBE, () -> M.select(-3, 0), "select", range);
        fails(IOOBE, () -> M.slice(2, 0, 1), "slice", range);
        fails(IOOBE, () -> M.argmax(2, false), "argmax", range);
        fails(IOOBE, () -> M.max(-3), "max", range);
        fails(IOOBE, () -> M.cumsum(2), "cumsum", range);
        fails(IOOBE, () -> M.flatten(0, 2), "flatten", range);
        fails(IOOBE, () -> M.indexSelect(2, NDArray.of(0L)), "index_select", range);
        fails(IOOBE, () -> M.gather(-3, NDArray.zeros(DType.INT64, 3, 4)), "gather", range);
        fails(IOOBE, () -> NDArray.cat(2, M, M), "cat", range);
        fails(IOOBE, () -> NDArray.stack(3, M, M), "stack", "expected to be in range of [-3, 2]");
        fails(IOOBE, () -> M.size(2), "size", range);
        fails(IOOBE, () -> M.stride(-3), "stride", range);
        fails(IOOBE, () -> M.diagonal(0, 0, 2), "diagonal", range);
        fails(IOOBE, () -> M.split(2, 2), "split", range);
        fails(IOOBE, () -> M.unbind(-3), "unbind", range);
        fails(IOOBE, () -> M.var(new int[] {2}, 1, false), "var", range);
        fails(IAE, () -> M.sum(new int[] {0, -2}, false), "sum", "appears multiple times");
        fails(IAE, () -> M.permute(0, 0), "permute", "multiple times");
        fails(IAE, () -> M.permute(0), "permute", "1", "rank 2", "[3, 4]");
        fails(IAE, () -> M.diagonal(0, 1, -1), "diagonal", "identical");
    }

    @Test
    void indexOutOfRangeNamesOpIndexAndSize() {
        fails(IOOBE, () -> M.select(0, 3), "select", "index 3", "dimension 0", "size 3", "[3, 4]");
        fails(IOOBE, () -> M.select(1, -5), "select", "index -5", "dimension 1", "size 4");
        fails(IOOBE, () -> M.narrow(0, 2, 2), "narrow", "start 2", "length 2", "size 3", "[3, 4]");
        fails(IOOBE, () -> M.narrow(1, -5, 1), "narrow", "start -5");
        fails(IOOBE, () -> M.narrow(1, 0, -1), "narrow", "length -1");
        fails(IOOBE, () -> M.indexSelect(0, NDArray.of(0L, 3L)), "index_select", "index 3", "dimension 0", "size 3");
        fails(IOOBE, () -> M.indexSelect(1, NDArray.of(-1L)), "index_select", "index -1", "size 4");
        fails(IOOBE, () -> M.gather(1, NDArray.of(new long[][] {{0, 4}})), "gather", "index 4", "dimension 1",
                "size 4");
        fails(IOOBE, () -> M.gather(0, NDArray.of(new long[][] {{-1}})), "gather", "index -1");
        fails(IOOBE, () -> M.scatter(1, NDArray.of(new long[][] {{9}}), 1.0), "scatter", "index 9", "size 4");
        fails(IOOBE, () -> M.scatterAdd(0, NDArray.of(new long[][] {{3}}), NDArray.ones(1, 1)), "scatter_add",
                "index 3", "size 3");
        fails(IOOBE, () -> M.clone().scatter_(0, NDArray.of(new long[][] {{3}}), NDArray.ones(1, 1)), "scatter",
                "index 3");
        fails(IOOBE, () -> M.indexAdd(0, NDArray.of(5L), NDArray.ones(1, 4)), "scatter_add", "index 5");
        fails(IOOBE, () -> M.take(NDArray.of(12L)), "take", "12");
        fails(IAE, () -> M.get(1), "get", "2 indices", "[3, 4]");
        fails(IOOBE, () -> M.get(3, 0), "select", "index 3");
        fails(IAE, () -> M.gather(1, NDArray.zeros(DType.INT64, 4, 1)), "gather", "[4, 1]", "[3, 4]");
        fails(IAE, () -> M.gather(1, NDArray.zeros(DType.INT64, 3)), "gather", "same number of dimensions");
        fails(IAE, () -> M.scatter(1, NDArray.zeros(DType.INT64, 3, 5), NDArray.ones(3, 4)), "scatter", "[3, 5]",
                "[3, 4]");
        fails(IAE, () -> M.scatter(1, NDArray.zeros(DType.INT64, 3, 1), NDArray.ones(DType.FLOAT64, 3, 1)),
                "scatter", "torch.float32", "torch.float64");
        fails(IAE, () -> M.indexAdd(0, NDArray.of(0L, 1L), NDArray.ones(1, 4)), "index_add", "[1, 4]", "[3, 4]",
                "2");
    }

    @Test
    void wrongIndexDtype() {
        String want = "expected dtype torch.int64 for index, got torch.float32";
        fails(IAE, () -> M.indexSelect(0, NDArray.of(0f, 1f)), "index_select", want);
        fails(IAE, () -> M.gather(0, NDArray.zeros(3, 4)), "gather", want);
        fails(IAE, () -> M.scatter(0, NDArray.zeros(3, 4), NDArray.ones(3, 4)), "scatter", want);
        fails(IAE, () -> M.scatterAdd_(0, NDArray.zeros(3, 4), NDArray.ones(3, 4)), "scatter_add_", want);
        fails(IAE, () -> M.indexAdd(0, NDArray.of(0f), NDArray.ones(1, 4)), "index_add", want);
        fails(IAE, () -> M.take(NDArray.of(true)), "take", "torch.bool");
        fails(IAE, () -> NDArray.oneHot(NDArray.of(1f), 3), "one_hot", "torch.int64", "torch.float32");
        fails(IAE, () -> M.maskedFill(NDArray.zeros(DType.INT64, 4), 1), "masked_fill", "boolean", "torch.int64");
        fails(IAE, () -> NDArray.where(NDArray.zeros(4), M, M), "where", "boolean", "torch.float32");
    }

    @Test
    void viewsOfANonViewableLayoutAndBadShapes() {
        NDArray t = M.t();
        fails(IAE, () -> t.view(12), "view", "[12]", "[4, 3]", "stride [1, 4]", "reshape");
        fails(IAE, () -> M.view(5), "view", "[5]", "12");
        fails(IAE, () -> M.view(-1, -1), "view", "only one dimension can be inferred");
        fails(IAE, () -> M.view(-1, 5), "view", "[-1, 5]", "12");
        fails(IAE, () -> M.reshape(7, -1), "reshape", "[7, -1]", "12");
        fails(IAE, () -> M.reshape(-2, 6), "reshape", "-2");
        fails(IAE, () -> M.unflatten(1, 3, -1), "unflatten", "[3, -1]", "4");
        fails(IAE, () -> NDArray.zeros(2, 3, 4).t(), "t", "3D");
        fails(IAE, () -> NDArray.zeros(3).mT(), "mT", "1");
        fails(IAE, () -> M.slice(0, 0, 3, 0), "slice", "step", "0");
        fails(IAE, () -> NDArray.scalar(1.0).narrow(0, 0, 1), "narrow", "0-d");
        fails(IAE, () -> NDArray.scalar(1.0).select(0, 0), "select", "0-d");
        fails(IAE, () -> M.flatten(1, 0), "flatten", "start_dim 1", "end_dim 0");
        fails(IAE, () -> NDArray.empty(2, -1), "empty", "-1", "[2, -1]");
        fails(IAE, () -> NDArray.zeros(1 << 16, 1 << 16), "[65536, 65536]", "2^31");
    }

    @Test
    void zeroDimArraysHaveNoSizes() {
        NDArray s = NDArray.scalar(1.0);
        fails(IOOBE, () -> s.size(0), "size", "no dimensions");
        fails(IOOBE, () -> s.stride(-1), "stride", "no dimensions");
        fails(IAE, () -> s.split(1, 0), "split", "0-d");
        fails(IAE, () -> s.chunk(1, 0), "chunk", "0-d");
        fails(IAE, () -> s.unbind(0), "unbind", "0-d");
    }

    @Test
    void catAndStackMismatches() {
        fails(IAE, () -> NDArray.cat(0, M, NDArray.zeros(2, 5)), "cat", "dimension 0", "Expected size 4",
                "got size 5", "tensor number 1");
        fails(IAE, () -> NDArray.cat(1, M, NDArray.zeros(2, 4)), "cat", "dimension 1", "Expected size 3",
                "got size 2");
        fails(IAE, () -> NDArray.cat(0, M, NDArray.zeros(3, 4, 1)), "cat", "same number of dimensions", "2", "3");
        fails(IAE, () -> NDArray.cat(List.of(), 0), "cat", "non-empty");
        fails(IAE, () -> NDArray.cat(0, NDArray.scalar(1.0), NDArray.scalar(2.0)), "cat", "zero-dimensional");
        fails(IAE, () -> NDArray.stack(0, M, NDArray.zeros(4, 3)), "stack", "[3, 4]", "[4, 3]", "entry 1");
        fails(IAE, () -> NDArray.stack(List.of(), 0), "stack", "non-empty");
        fails(IAE, () -> M.split(new int[] {1, 1}, 0), "split_with_sizes", "3", "[1, 1]");
        fails(IAE, () -> M.split(0, 1), "split", "split_size", "0");
        fails(IAE, () -> M.chunk(0, 0), "chunk", "0");
    }

    @Test
    void dtypeErrorsNameTheDtypes() {
        NDArray i = NDArray.of(1L, 2L);
        fails(IAE, () -> i.add_(1.5), "add_", "torch.float32", "torch.int64");
        fails(IAE, () -> i.mean(), "mean", "torch.int64");
        fails(IAE, () -> i.std(), "var", "torch.int64");
        fails(IAE, () -> i.logSoftmax(0), "log_softmax", "torch.int64");
        fails(IAE, () -> i.uniform_(0, 1), "uniform_", "floating point", "torch.int64");
        fails(IAE, () -> i.normal_(0, 1), "normal_", "torch.int64");
        fails(IAE, () -> i.bernoulli(), "bernoulli", "torch.int64");
        fails(IAE, () -> NDArray.zeros(DType.INT64, 1, 2, 2).maxPool2d(Window2d.of(1, 1, 0), false), "max_pool2d",
                "torch.int64");
        fails(IAE, () -> NDArray.zeros(DType.INT64, 1, 2, 2).avgPool2d(Window2d.of(1, 1, 0), false, true, 0),
                "avg_pool2d", "torch.int64");
        fails(IAE, () -> NDArray.of(true).neg(), "neg", "torch.bool");
        fails(IAE, () -> NDArray.of(true, false).sub(NDArray.of(true, false)), "sub", "bool");
        fails(IAE, () -> NDArray.arange(0.0, 2.0, 1.0, DType.BOOL), "arange", "bool");
        fails(IAE, () -> NDArray.zeros(2).gelu("fast"), "gelu", "approximate", "fast");
    }

    @Test
    void factoryAndArgumentErrors() {
        fails(IAE, () -> NDArray.arange(0, 10, 0), "arange", "step");
        fails(IAE, () -> NDArray.arange(5, 0, 1), "arange", "inconsistent", "start=5", "end=0");
        fails(IAE, () -> NDArray.arange(0.0, Double.POSITIVE_INFINITY, 1.0), "arange", "Infinity");
        fails(IAE, () -> NDArray.linspace(0, 1, -1), "linspace", "-1");
        fails(IAE, () -> NDArray.eye(-1, 2, DType.FLOAT32), "eye", "-1");
        fails(IAE, () -> NDArray.randperm(-3), "randperm", "-3");
        fails(IAE, () -> NDArray.zeros(2).uniform_(1, 0), "uniform_", "from=1.0", "to=0.0");
        fails(IAE, () -> NDArray.zeros(2).normal_(0, -1), "normal_", "std", "-1.0");
        fails(IAE, () -> NDArray.zeros(DType.INT64, 2).random_(3, 3, new Generator(0)), "random_", "from=3", "to=3");
        fails(IAE, () -> NDArray.zeros(2).bernoulli_(1.5), "bernoulli_", "1.5");
        fails(IAE, () -> NDArray.fromArray(new int[] {1, 2}), "fromArray", "int[]");
        fails(IAE, () -> NDArray.fromArray("x"), "fromArray", "String");
        fails(IAE, () -> NDArray.fromArray(new float[6], 4, -1), "fromArray", "[4, -1]", "6");
        fails(IAE, () -> NDArray.of(new float[][] {{1, 2}, {3}}), "of", "length 2", "dim 1", "got 1");
        fails(IAE, () -> NDArray.of(new String[] {"a"}), "of", "String");
        fails(IAE, () -> NDArray.of((Object) null), "of", "null");
        fails(IAE, () -> M.pad(new int[] {1}, 0), "pad", "divisible by 2");
        fails(IAE, () -> M.pad(new int[] {1, 1, 1, 1, 1, 1}, 0), "pad", "too large", "2-D");
        fails(IAE, () -> M.pad(new int[] {-3, -2}, 0), "pad", "negative output size");
        fails(IAE, () -> NDArray.oneHot(NDArray.of(0L, 3L), 3), "one_hot", "smaller than num_classes (3)");
        fails(IAE, () -> NDArray.oneHot(NDArray.of(-1L), 3), "one_hot", "non-negative");
        fails(IAE, () -> M.tril(0).select(0, 0).tril(), "tril", "at least 2 dimensions", "[4]");
        fails(IllegalStateException.class, () -> M.item(), "item", "12 elements");
        fails(IAE, () -> M.allclose(NDArray.zeros(3)), "allclose", "[3, 4]", "[3]");
        fails(IAE, () -> new Generator(0).setState(new byte[3]), "setState", "2520 bytes", "got 3");
        fails(IAE, () -> Device.of("tpu"), "Device", "tpu");
        fails(IAE, () -> new Layout(new int[] {2}, new int[] {1, 1}, 0), "Layout", "[2]", "[1, 1]");
        fails(IAE, () -> new NDArray(M.storage(), new Layout(new int[] {13}, new int[] {1}, 0)), "NDArray",
                "12 elements");
    }

    @Test
    void unavailableDeviceIsAClearError() {
        // No CUDA backend is on tensor-core's class path.
        fails(IllegalStateException.class, () -> M.to(Device.cuda()), "cuda:0", "not available");
        assertEquals(false, Backends.isAvailable(Device.Type.CUDA));
    }
}
