package dev.ravel.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.NDArray;
import dev.ravel.tensor.testing.Json;
import dev.ravel.tensor.Window2d;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward values and input gradients against real PyTorch (1.13), float32: the cases and the
 * script that wrote them are in {@code src/test/resources/golden/}. Each case's op chain is written
 * here under the case's name, mirroring the PyTorch expression stored with it. They pin PyTorch's
 * conventions where the derivative is a choice: ties in max/min, relu/abs/clamp at their kinks,
 * norms of zeros, pow with a zero base, and the window ties of max pooling; and a dropout mask drawn
 * from the seeded default generator.
 */
class AutogradGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private static final Map<String, Function<Map<String, Tensor>, Tensor>> CHAINS = new LinkedHashMap<>();

    private static void chain(String name, Function<Map<String, Tensor>, Tensor> fn) {
        if (CHAINS.put(name, fn) != null) {
            throw new IllegalStateException("duplicate case " + name);
        }
    }

    static {
        chain("max_dim_ties", in -> in.get("x").max(1).values());
        chain("min_dim_ties_keepdim", in -> in.get("x").min(0, true).values());
        chain("amax_ties", in -> in.get("x").amax(new int[] {1}, false));
        chain("amin_ties_dims", in -> in.get("x").amin(new int[] {0, 2}, false));
        chain("max_all_ties", in -> in.get("x").max());
        chain("min_all_ties", in -> in.get("x").min());
        chain("maximum_ties", in -> in.get("a").maximum(in.get("b")));
        chain("minimum_ties_broadcast", in -> in.get("a").minimum(in.get("b")));
        chain("relu_at_zero", in -> in.get("x").relu());
        chain("abs_at_zero", in -> in.get("x").abs());
        chain("clamp_at_bounds", in -> in.get("x").clamp(-1, 1));
        chain("clamp_min_at_bound", in -> in.get("x").clampMin(0.5));
        chain("leaky_relu_at_zero", in -> in.get("x").leakyRelu(0.2));
        chain("elu_at_zero", in -> in.get("x").elu(1.5));
        chain("norm_of_zeros", in -> in.get("x").norm());
        chain("norm_inf_ties", in -> in.get("x").norm(Double.POSITIVE_INFINITY));
        chain("norm1_with_zero", in -> in.get("x").norm(1));
        chain("std_of_constant_rows", in -> in.get("x").std(new int[] {1}, 1, false));
        chain("prod_with_one_zero", in -> in.get("x").prod(1, false));
        chain("prod_with_two_zeros", in -> in.get("x").prod());
        chain("pow_zero_base", in -> in.get("a").pow(in.get("b")));
        chain("pow_scalar_zero_base", in -> in.get("x").pow(2));
        chain("sqrt_relu", in -> in.get("x").relu().add(1.0).sqrt());
        chain("max_pool_window_ties", in -> in.get("x").maxPool2d(Window2d.of(2, 2, 0), false).values());
        chain("pointwise_chain", in -> {
            Tensor x = in.get("x");
            return x.sigmoid().mul(x.tanh()).add(x.gelu()).sub(x.silu().mul(x.softplus())).exp()
                    .div(x.square().add(1.0));
        });
        chain("gelu_tanh_erf", in -> in.get("x").gelu("tanh").add(in.get("x").erf()));
        chain("broadcast_mul_div", in -> {
            Tensor a = in.get("a");
            Tensor b = in.get("b");
            return a.mul(b).div(b.abs().add(1.0)).sub(a);
        });
        chain("softmax_logsoftmax", in -> in.get("x").softmax(-1).mul(in.get("x").logSoftmax(0)));
        chain("var_std_logsumexp", in -> {
            Tensor x = in.get("x");
            return x.var(new int[] {1}, 1, true).add(x.std(new int[] {0}, 1, false)).add(x.logsumexp(1, true));
        });
        chain("cumsum_cumprod", in -> in.get("x").cumsum(1).mul(in.get("x").cumprod(-1)));
        chain("norms", in -> {
            Tensor x = in.get("x");
            int[] d = {1};
            return x.norm(3, d, false).add(x.norm(2, d, false)).add(x.norm(1, d, false));
        });
        chain("gather_scatter_add", in -> {
            Tensor i = in.get("i");
            Tensor zeros = Ravel.zeros(3, 4);
            return in.get("x").gather(1, i).add(zeros.scatterAdd(1, i, in.get("s")).narrow(1, 0, 2));
        });
        chain("index_select_index_add",
                in -> in.get("x").indexSelect(0, in.get("i")).indexAdd(0, in.get("j"), in.get("y")));
        chain("cat_stack_flip", in -> Tensor.stack(List.of(
                Tensor.cat(List.of(in.get("a"), in.get("b")), 0).flip(0), in.get("c")), 1));
        chain("views", in -> in.get("x").permute(2, 0, 1).slice(0, 1, 3).slice(2, 0, 3, 2).reshape(2, -1).t()
                .diagonal());
        chain("tril_pad", in -> {
            Tensor x = in.get("x");
            return x.tril(-1).add(x.triu(1).mul(2)).pad(new int[] {1, 2, 0, 1}, 0.5);
        });
        chain("where_masked_fill", in -> {
            Tensor x = in.get("x");
            return Tensor.where(x.gt(0.0), x, in.get("y").mul(2)).maskedFill(in.get("m").ne(0.0), 1.0);
        });
        chain("matmul_batched_broadcast", in -> in.get("a").matmul(in.get("b")).matmul(in.get("v")));
        chain("addmm_outer_dot", in -> {
            Tensor u = in.get("u");
            return in.get("c").addmm(in.get("a"), in.get("b"), 0.5, 2).mul(u.outer(in.get("w"))).add(u.dot(u));
        });
        chain("avg_pool_ceil_no_pad_count", in -> in.get("x").avgPool2d(Window2d.of(3, 2, 1), true, false, 0));
        chain("avg_pool_divisor", in -> in.get("x").avgPool2d(Window2d.of(2, 2, 1), false, true, 3));
        chain("unfold_fold", in -> {
            Window2d w = Window2d.of(2, 1, 1);
            return in.get("x").unfold(w).mul(1.5).fold(3, 4, w);
        });
        chain("mlp_cross_entropy", in -> {
            Tensor h = in.get("x").matmul(in.get("w1")).add(in.get("b1")).relu();
            Tensor logits = h.matmul(in.get("w2")).add(in.get("b2"));
            return logits.logSoftmax(1).gather(1, in.get("y").unsqueeze(1)).mean().neg();
        });
        chain("conv_relu_maxpool_conv", in -> {
            Tensor h = Ravel.conv2d(in.get("x"), in.get("w"), in.get("b"), ONE, ONE, ONE, 1).relu();
            Tensor p = h.maxPool2d(Window2d.of(2, 2, 0), false).values();
            return Ravel.conv2d(p, in.get("w2"), null, ONE, ZERO, ONE, 1).tanh().sum();
        });
        chain("conv_groups_stride_dilation", in -> Ravel.conv2d(in.get("x"), in.get("w"), in.get("b"),
                new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2));
        chain("conv_unbatched_no_bias", in -> Ravel.conv2d(in.get("x"), in.get("w"), null, ONE, ONE, ONE, 1));
        chain("dropout_seeded", in -> {
            Ravel.manualSeed(123);
            return Ravel.dropout(in.get("x"), 0.3, true);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases() throws IOException {
        try (InputStream s = AutogradGoldenTest.class.getResourceAsStream("/golden/autograd_grads.json")) {
            assertNotNull(s, "golden/autograd_grads.json on the test classpath");
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(s.readAllBytes(),
                    StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("cases");
        }
    }

    @Test
    void everyCaseHasAChainAndEveryChainACase() throws IOException {
        Set<String> names = new HashSet<>();
        for (Map<String, Object> c : cases()) {
            names.add((String) c.get("name"));
        }
        assertEquals(CHAINS.keySet(), names);
    }

    @TestFactory
    Stream<DynamicTest> goldenGradients() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases()) {
            String name = (String) c.get("name");
            if (CHAINS.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name + ": " + c.get("expr"), () -> replay(c)));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> c) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Map<String, Object> in : (List<Map<String, Object>>) c.get("inputs")) {
            inputs.put((String) in.get("name"), tensor(in));
        }
        Tensor out = CHAINS.get((String) c.get("name")).apply(inputs);
        Map<String, Object> expectedOut = (Map<String, Object>) c.get("out");
        assertArrayEquals(ints((List<Object>) expectedOut.get("shape")), out.shape(), "output shape");
        assertClose("forward", floats((List<Object>) expectedOut.get("data")), out.toFloatArray());

        List<Object> gradOut = (List<Object>) c.get("grad_output");
        if (gradOut == null) {
            out.backward();
        } else {
            out.backward(Tensor.of(NDArray.fromArray(floats(gradOut), out.shape())));
        }
        Map<String, Object> grads = (Map<String, Object>) c.get("grads");
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Tensor x = inputs.get(e.getKey());
            if (e.getValue() == null) {
                assertNull(x.grad(), "grad of " + e.getKey() + " is None in PyTorch");
            } else {
                assertNotNull(x.grad(), "grad of " + e.getKey());
                assertArrayEquals(x.shape(), x.grad().shape(), "grad shape of " + e.getKey());
                assertClose("grad of " + e.getKey(), floats((List<Object>) e.getValue()), x.grad().toFloatArray());
            }
        }
    }

    private static Tensor tensor(Map<String, Object> in) {
        int[] shape = ints((List<Object>) in.get("shape"));
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) in.get("data");
        if (in.get("dtype").equals("int64")) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Json.Num) data.get(i)).asLong();
            }
            return Tensor.of(NDArray.fromArray(v, shape));
        }
        Tensor t = Tensor.of(NDArray.fromArray(floats(data), shape));
        return (Boolean) in.get("requires_grad") ? t.requiresGrad_() : t;
    }

    private static int[] ints(List<Object> l) {
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(((Json.Num) l.get(i)).asLong());
        }
        return r;
    }

    private static float[] floats(List<Object> l) {
        float[] r = new float[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ((Json.Num) l.get(i)).asFloat();
        }
        return r;
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + "\nexpected "
                        + java.util.Arrays.toString(expected) + "\nactual   " + java.util.Arrays.toString(actual));
            }
        }
    }
}
