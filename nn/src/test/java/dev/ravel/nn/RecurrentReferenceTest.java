package dev.ravel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ravel.Ravel;
import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference contract of the fused recurrent op ({@link RecurrentLayerFunction}): in float64, RNN,
 * LSTM and GRU give what the composite cells give when stepped in a loop over time, layers and
 * directions (LSTMCell and GRUCell holding the layer's own parameters through setParameter; the Elman
 * step written out in Tensor ops), with lengths masking as packed sequences do (a row's state stops
 * at its length, its outputs past it are zeros): the outputs, h_n, c_n, and the gradients of the
 * input, the initial states and every parameter.
 *
 * <p>Equal within 1e-12 relative, not bit for bit: the fused op adds the two biases in another order
 * (x W_ih + b_ih, then + h W_hh + b_hh), computes all steps' input projections in one GEMM, and sums
 * the weight gradients of all steps in one GEMM, where the loop accumulates them step by step.
 */
class RecurrentReferenceTest {
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-13;

    record Config(String kind, int layers, boolean bidirectional, boolean batchFirst, boolean bias, boolean states,
                  int[] lengths) {
        @Override
        public String toString() {
            return kind + " layers=" + layers + (bidirectional ? " bidirectional" : "") + (batchFirst ? " batch_first" : "")
                    + (bias ? "" : " no bias") + (states ? " h0/c0" : "")
                    + (lengths == null ? "" : " lengths=" + java.util.Arrays.toString(lengths));
        }
    }

    static List<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("LSTM", "GRU", "RNN_TANH", "RNN_RELU")) {
            out.add(Arguments.of(new Config(kind, 1, false, false, true, false, null)));
            out.add(Arguments.of(new Config(kind, 2, true, false, true, true, new int[] {3, 5, 1})));
            out.add(Arguments.of(new Config(kind, 2, true, true, false, true, null)));
            out.add(Arguments.of(new Config(kind, 1, true, true, true, false, new int[] {2, 4, 5})));
        }
        return out;
    }

    private static RNNBase layer(Config c, int input, int hidden) {
        return switch (c.kind) {
            case "LSTM" -> new LSTM(input, hidden, c.layers, c.bias, c.batchFirst, 0, c.bidirectional);
            case "GRU" -> new GRU(input, hidden, c.layers, c.bias, c.batchFirst, 0, c.bidirectional);
            default -> new RNN(input, hidden, c.layers, c.kind.equals("RNN_TANH") ? "tanh" : "relu", c.bias,
                    c.batchFirst, 0, c.bidirectional);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void fusedLayerEqualsTheCompositeCellsStepped(Config c) {
        Ravel.manualSeed(17);
        int steps = 5;
        int batch = 3;
        int input = 4;
        int hidden = 3;
        RNNBase rnn = layer(c, input, hidden);
        rnn.to(DType.FLOAT64);
        int[] xShape = c.batchFirst ? new int[] {batch, steps, input} : new int[] {steps, batch, input};
        Tensor x = Ravel.randn(xShape, DType.FLOAT64).requiresGrad_();
        int dirs = c.bidirectional ? 2 : 1;
        int[] sShape = {c.layers * dirs, batch, hidden};
        Tensor h0 = c.states ? Ravel.randn(sShape, DType.FLOAT64).mul(0.5).detach().requiresGrad_() : null;
        Tensor c0 = c.states && c.kind.equals("LSTM") ? Ravel.randn(sShape, DType.FLOAT64).mul(0.5).detach().requiresGrad_()
                : null;

        RecurrentOutput fused = rnn.forward(x, h0, c0, c.lengths);
        RecurrentOutput ref = composite(rnn, c, x, h0, c0);
        assertClose(ref.output(), fused.output(), "output");
        assertClose(ref.hN(), fused.hN(), "h_n");
        if (c0 != null || c.kind.equals("LSTM")) {
            assertClose(ref.cN(), fused.cN(), "c_n");
        }

        List<Tensor> leaves = new ArrayList<>();
        leaves.add(x);
        if (h0 != null) {
            leaves.add(h0);
        }
        if (c0 != null) {
            leaves.add(c0);
        }
        leaves.addAll(rnn.parameters());
        Ravel.manualSeed(3);
        List<Tensor> outs = new ArrayList<>(List.of(fused.output(), fused.hN()));
        List<Tensor> refOuts = new ArrayList<>(List.of(ref.output(), ref.hN()));
        if (fused.cN() != null) {
            outs.add(fused.cN());
            refOuts.add(ref.cN());
        }
        List<Tensor> upstream = new ArrayList<>();
        for (Tensor o : outs) {
            upstream.add(Ravel.randn(o.shape(), DType.FLOAT64));
        }
        List<Tensor> gFused = Ravel.grad(outs, leaves, upstream, false, false, true);
        List<Tensor> gRef = Ravel.grad(refOuts, leaves, upstream, false, false, true);
        List<String> names = new ArrayList<>(List.of("x"));
        if (h0 != null) {
            names.add("h0");
        }
        if (c0 != null) {
            names.add("c0");
        }
        names.addAll(rnn.namedParameters().keySet());
        for (int k = 0; k < leaves.size(); k++) {
            assertNotNull(gFused.get(k), "fused gradient of " + names.get(k));
            assertClose(gRef.get(k), gFused.get(k), "gradient of " + names.get(k));
        }
    }

    /** The same layer stepped with cells over time, layers and directions. */
    private static RecurrentOutput composite(RNNBase rnn, Config c, Tensor input, Tensor h0, Tensor c0) {
        Tensor x = c.batchFirst ? input.transpose(0, 1) : input;
        int steps = x.size(0);
        int batch = x.size(1);
        int dirs = c.bidirectional ? 2 : 1;
        boolean lstm = c.kind.equals("LSTM");
        List<Tensor> hN = new ArrayList<>();
        List<Tensor> cN = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < c.layers; layer++) {
            List<Tensor> dirOutputs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = RNNBase.suffix(layer, d);
                int idx = layer * dirs + d;
                Step step = step(rnn, c, sfx, layerInput.size(2));
                Tensor zeros = Tensor.of(NDArray.zeros(new int[] {batch, rnn.hiddenSize}, DType.FLOAT64, x.device()));
                Tensor h = h0 == null ? zeros : h0.select(0, idx);
                Tensor cs = !lstm ? null : c0 == null ? zeros : c0.select(0, idx);
                Tensor[] out = new Tensor[steps];
                for (int s = 0; s < steps; s++) {
                    int t = d == 1 ? steps - 1 - s : s;
                    Tensor[] next = step.apply(layerInput.select(0, t), h, cs);
                    Tensor active = active(c.lengths, t, batch);
                    if (active == null) {
                        h = next[0];
                        cs = next[1];
                        out[t] = next[0];
                    } else {
                        h = Tensor.where(active, next[0], h);
                        cs = lstm ? Tensor.where(active, next[1], cs) : null;
                        out[t] = Tensor.where(active, next[0], zeros);
                    }
                }
                dirOutputs.add(Tensor.stack(List.of(out), 0));
                hN.add(h);
                cN.add(cs);
            }
            layerInput = Tensor.cat(dirOutputs, 2);
        }
        Tensor output = c.batchFirst ? layerInput.transpose(0, 1) : layerInput;
        return new RecurrentOutput(output, Tensor.stack(hN, 0), lstm ? Tensor.stack(cN, 0) : null);
    }

    /** [B, 1] BOOL of the rows still running at step t, null without lengths. */
    private static Tensor active(int[] lengths, int t, int batch) {
        if (lengths == null) {
            return null;
        }
        boolean[] a = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            a[b] = t < lengths[b];
        }
        return Tensor.of(NDArray.fromArray(a, batch, 1));
    }

    @FunctionalInterface
    private interface Step {
        /** (x_t, h, c) -> {h', c'} (c' null for GRU and RNN). */
        Tensor[] apply(Tensor x, Tensor h, Tensor c);
    }

    /** One step of one layer-direction, computed by a cell that holds the layer's own parameters. */
    private static Step step(RNNBase rnn, Config c, String sfx, int inputSize) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        for (String n : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            p.put(n, rnn.parameter(n + sfx));
        }
        switch (c.kind) {
            case "LSTM" -> {
                LSTMCell cell = tie(new LSTMCell(inputSize, rnn.hiddenSize, c.bias), p);
                return (x, h, cs) -> {
                    LSTMCell.State s = cell.forward(x, new LSTMCell.State(h, cs));
                    return new Tensor[] {s.h(), s.c()};
                };
            }
            case "GRU" -> {
                GRUCell cell = tie(new GRUCell(inputSize, rnn.hiddenSize, c.bias), p);
                return (x, h, cs) -> new Tensor[] {cell.forward(x, h), null};
            }
            default -> {
                boolean tanh = c.kind.equals("RNN_TANH");
                return (x, h, cs) -> {
                    Tensor pre = x.matmul(p.get("weight_ih").t()).add(h.matmul(p.get("weight_hh").t()));
                    if (c.bias) {
                        pre = pre.add(p.get("bias_ih")).add(p.get("bias_hh"));
                    }
                    return new Tensor[] {tanh ? pre.tanh() : pre.relu(), null};
                };
            }
        }
    }

    private static <C extends Module> C tie(C cell, Map<String, Parameter> params) {
        cell.to(DType.FLOAT64);
        params.forEach((name, param) -> {
            if (param != null) {
                cell.setParameter(name, param);
            }
        });
        return cell;
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertNotNull(actual, what);
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertEquals(DType.FLOAT64, actual.dtype(), what + " dtype");
        double[] e = expected.contiguous().data().toDoubleArray();
        double[] a = actual.contiguous().data().toDoubleArray();
        for (int k = 0; k < e.length; k++) {
            if (!(Math.abs(e[k] - a[k]) <= ATOL + RTOL * Math.abs(e[k]))) {
                throw new AssertionError(what + ": element " + k + " is " + a[k] + ", the composite cells give " + e[k]
                        + " (difference " + (a[k] - e[k]) + ")");
            }
        }
    }
}
