package dev.ravel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every workload benchmark shares (JMH annotations are inherited by the subclasses).
 *
 * <p>Each benchmark class has a {@code lib} parameter (ravel, djl, nd4j). JMH runs every
 * parameter combination in its own forked JVM, so a fork initialises only the library it times
 * (no idle OpenMP pool of another library spinning on the same two cores), while all three share
 * one classpath, the uber-jar. {@link CrossCheck} loads all three into one JVM to prove they can
 * coexist and that they compute the same numbers.
 *
 * <p>Sample time: every sampled invocation is timed on its own, so the JSON has the median
 * (percentile 50), which is what {@code torch_reference.py} reports.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED",
        "--add-modules", "jdk.incubator.vector",
        // javacpp (ND4J) and ND4J use sun.misc.Unsafe memory access; JDK 24+ would warn on first use.
        "--sun-misc-unsafe-memory-access=allow",
        "-Xms2g", "-Xmx4g",
        // Back the heap with memory at start-up: otherwise Java allocations keep reaching heap pages
        // never touched before for many seconds, each a page fault, and a warmed-up iteration times
        // the kernel's page zeroing (W3 sum: 0.25 ms with, 0.15 ms without those faults). A long
        // training run has long since touched its heap; PyTorch's allocators reuse warm memory.
        "-XX:+AlwaysPreTouch",
        // DJL: never reach the network (libtorch and its JNI library are extracted from the jar);
        // libtorch intra-op threads = 2, inter-op 1. The thread count must match Bench.THREADS.
        "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2",
        "-Dai.djl.pytorch.num_interop_threads=1",
        // ND4J: no version check chatter; quiet slf4j-simple.
        "-Dorg.nd4j.versioncheck=false",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        // DJL probes for CUDA even for CPU arrays and warns when it finds a runtime without a driver.
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
})
@State(Scope.Benchmark)
public abstract class BenchBase {
}
