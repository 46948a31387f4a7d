package dev.ravel.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads Ravel, DJL (PyTorch) and ND4J into one JVM, from the one classpath of the benchmark jar,
 * runs every benchmarked case once in each, and compares the results with Ravel's. This proves the
 * dependency set works (one javacpp, one OpenBLAS, libtorch from the classpath) and that the
 * benchmarks time the same computation in every library.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *     -cp benchmarks/target/benchmarks.jar dev.ravel.benchmarks.CrossCheck [W1,W2,W3] [ravel,djl,nd4j]</pre>
 *
 * Exit status 0 when every library agrees with Ravel within the case's tolerance, 1 otherwise.
 */
public final class CrossCheck {
    /**
     * One benchmarked computation; {@code tolerance} is (atol, rtol) per library, the default under "".
     * A new workload adds its cases here, next to its benchmark class.
     */
    record Case(String workload, String name, Function<String, LibImpl> factory, Function<LibImpl, Object> op,
                Map<String, double[]> tolerance) {
    }

    private CrossCheck() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int n : new int[] {64, 256, 1024}) {
            cases.add(new Case("W1", "matmul n=" + n, lib -> W1Matmul.create(lib, n),
                    i -> ((W1Matmul.Impl) i).matmul(), Map.of("", new double[] {1e-5, 1e-4})));
        }
        cases.add(new Case("W2", "x*y + x", W2Elementwise::create, i -> ((W2Elementwise.Impl) i).mulAdd(),
                Map.of("", new double[] {1e-6, 1e-6})));
        // ND4J has no exact (erf) GELU; its GELU op is x * sigmoid(1.702 x), within 6.4e-3 on [0, 1).
        cases.add(new Case("W2", "gelu", W2Elementwise::create, i -> ((W2Elementwise.Impl) i).gelu(),
                Map.of("", new double[] {1e-6, 1e-5}, Bench.ND4J, new double[] {1e-2, 0})));
        cases.add(new Case("W3", "sum(dim=-1)", W3Reductions::create, i -> ((W3Reductions.Impl) i).sumLastDim(),
                Map.of("", new double[] {1e-4, 1e-5})));
        cases.add(new Case("W3", "softmax(dim=-1)", W3Reductions::create,
                i -> ((W3Reductions.Impl) i).softmaxLastDim(), Map.of("", new double[] {1e-8, 1e-4})));
        return cases;
    }

    public static void main(String[] args) {
        Set<String> workloads = Set.of((args.length > 0 ? args[0] : "W1,W2,W3").split(","));
        List<String> libs = new ArrayList<>(Arrays.asList((args.length > 1 ? args[1] : "ravel,djl,nd4j").split(",")));
        libs.remove(Bench.RAVEL);
        libs.addFirst(Bench.RAVEL); // the reference
        boolean ok = true;
        System.out.printf("%-4s %-18s %-6s %12s %12s  %s%n", "id", "case", "lib", "max |diff|", "worst ratio", "");
        for (Case c : cases()) {
            if (!workloads.contains(c.workload())) {
                continue;
            }
            float[] ref = null;
            for (String lib : libs) {
                try (LibImpl impl = c.factory().apply(lib)) {
                    Object r = c.op().apply(impl);
                    float[] got = impl.toFloats(r);
                    impl.release(r);
                    if (ref == null) {
                        ref = got; // Ravel, the reference
                        continue;
                    }
                    double[] tol = c.tolerance().getOrDefault(lib, c.tolerance().get(""));
                    double maxDiff = 0;
                    double worst = 0;
                    boolean sizeOk = got.length == ref.length;
                    for (int k = 0; sizeOk && k < ref.length; k++) {
                        double d = Math.abs((double) got[k] - ref[k]);
                        maxDiff = Math.max(maxDiff, d);
                        worst = Math.max(worst, d / (tol[0] + tol[1] * Math.abs(ref[k])));
                        if (Double.isNaN(got[k])) {
                            worst = Double.POSITIVE_INFINITY;
                        }
                    }
                    boolean pass = sizeOk && worst <= 1;
                    ok &= pass;
                    System.out.printf("%-4s %-18s %-6s %12.3g %12.3g  %s%n", c.workload(), c.name(), lib, maxDiff,
                            worst, pass ? "ok" : sizeOk ? "MISMATCH" : "SIZE " + got.length + " != " + ref.length);
                }
            }
        }
        System.out.println(ok ? "cross-check: all libraries agree with Ravel" : "cross-check: FAILED");
        System.exit(ok ? 0 : 1);
    }
}
