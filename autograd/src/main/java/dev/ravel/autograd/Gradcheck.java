package dev.ravel.autograd;

import dev.ravel.Tensor;
import dev.ravel.tensor.DType;
import dev.ravel.tensor.Generator;
import dev.ravel.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks analytical gradients against central finite differences in float64, like
 * {@code torch.autograd.gradcheck}: for every output element the backward row of the Jacobian,
 * for every input element {@code (f(x + eps) - f(x - eps)) / 2 eps}.
 *
 * <pre>{@code
 * Tensor x = Ravel.randn(new int[] {3, 4}, DType.FLOAT64).requiresGrad_();
 * Gradcheck.check(in -> in[0].tanh().sum(1), x);   // throws GradcheckException on mismatch
 * }</pre>
 */
public final class Gradcheck {
    /** Step and tolerances; PyTorch's defaults. */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    /** A gradient that differs from its finite-difference estimate. */
    public static final class GradcheckException extends AssertionError {
        GradcheckException(String message) {
            super(message);
        }
    }

    private Gradcheck() {
    }

    public static void check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        check(fn, Options.DEFAULT, inputs);
    }

    /** Compares the Jacobians of fn with respect to every input that requires grad. */
    public static void check(Function<Tensor[], Tensor> fn, Options opt, Tensor... inputs) {
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64) {
                    throw new IllegalArgumentException("gradcheck: input " + i + " is " + t.dtype().torchName()
                            + "; gradcheck needs float64 inputs for accurate finite differences");
                }
                for (int s : t.strides()) {
                    if (s == 0 && t.numel() > 1) {
                        throw new IllegalArgumentException("gradcheck: input " + i + " has a dimension with stride 0;"
                                + " gradcheck needs non-overlapping inputs (broadcast inside fn instead)");
                    }
                }
                diff.add(i);
            }
        }
        if (diff.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: no input requires grad");
        }
        Tensor out = fn.apply(inputs);
        if (!out.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("gradcheck: the output must be floating point, got " + out.dtype().torchName());
        }
        int m = out.numel();
        List<Tensor> diffInputs = new ArrayList<>();
        for (int i : diff) {
            diffInputs.add(inputs[i]);
        }
        double[][][] analytical = new double[diff.size()][m][];
        for (int j = 0; j < m; j++) {
            double[] onehot = new double[m];
            onehot[j] = 1;
            Tensor v = Tensor.of(NDArray.fromArray(onehot, out.shape()).to(out.dtype()));
            List<Tensor> g = out.requiresGrad()
                    ? Engine.grad(List.of(out), diffInputs, List.of(v), true, false, true)
                    : java.util.Collections.nCopies(diff.size(), null);
            for (int k = 0; k < diff.size(); k++) {
                Tensor gk = g.get(k);
                analytical[k][j] = gk == null ? new double[inputs[diff.get(k)].numel()] : gk.data().toDoubleArray();
            }
        }
        for (int k = 0; k < diff.size(); k++) {
            Tensor x = inputs[diff.get(k)];
            int n = x.numel();
            for (int e = 0; e < n; e++) {
                NDArray cell = element(x.data(), e);
                double orig = cell.item();
                double[] plus;
                double[] minus;
                try (var noGrad = GradMode.disable()) {
                    cell.fill_(orig + opt.eps());
                    plus = fn.apply(inputs).data().toDoubleArray();
                    cell.fill_(orig - opt.eps());
                    minus = fn.apply(inputs).data().toDoubleArray();
                    cell.fill_(orig);
                }
                for (int j = 0; j < m; j++) {
                    double numerical = (plus[j] - minus[j]) / (2 * opt.eps());
                    double a = analytical[k][j][e];
                    if (!(Math.abs(a - numerical) <= opt.atol() + opt.rtol() * Math.abs(numerical))) {
                        throw new GradcheckException("Jacobian mismatch for output element " + j + " with respect to"
                                + " input " + diff.get(k) + " element " + e + ": numerical " + numerical
                                + ", analytical " + a + " (input shape " + Arrays.toString(x.shape())
                                + ", output shape " + Arrays.toString(out.shape()) + ")");
                    }
                }
            }
        }
    }

    /** The 0-d view of logical element e (row-major) of an array of any strides. */
    private static NDArray element(NDArray a, int e) {
        int[] shape = a.shape();
        int[] idx = new int[shape.length];
        int r = e;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = r % shape[d];
            r /= shape[d];
        }
        NDArray v = a;
        for (int i : idx) {
            v = v.select(0, i);
        }
        return v;
    }

    public static void gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        gradgradcheck(fn, Options.DEFAULT, inputs);
    }

    /**
     * Checks second derivatives: gradcheck of {@code (inputs, v) -> d(fn(inputs) . v)/d inputs}
     * with a random (seeded) output gradient v.
     */
    public static void gradgradcheck(Function<Tensor[], Tensor> fn, Options opt, Tensor... inputs) {
        Tensor probe = fn.apply(inputs);
        Tensor v = Tensor.of(NDArray.randn(probe.shape(), DType.FLOAT64, new Generator(1234))).requiresGrad_();
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].requiresGrad()) {
                diff.add(i);
            }
        }
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = v;
        check(in -> {
            Tensor[] xs = Arrays.copyOf(in, inputs.length);
            List<Tensor> grads;
            List<Tensor> wrt = new ArrayList<>();
            // The finite-difference passes run with grad mode off; this function needs a graph.
            try (var on = GradMode.enable()) {
                Tensor y = fn.apply(xs);
                for (int i : diff) {
                    wrt.add(xs[i]);
                }
                grads = Engine.grad(List.of(y), wrt, List.of(in[inputs.length]), true, true, true);
            }
            List<Tensor> flat = new ArrayList<>();
            for (int k = 0; k < grads.size(); k++) {
                Tensor g = grads.get(k);
                flat.add(g == null ? Tensor.of(NDArray.zeros(new int[] {wrt.get(k).numel()}, DType.FLOAT64,
                        wrt.get(k).device())) : g.reshape(-1));
            }
            return Tensor.cat(flat, 0);
        }, opt, all);
    }
}
