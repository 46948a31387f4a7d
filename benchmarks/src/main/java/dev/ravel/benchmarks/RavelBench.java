package dev.ravel.benchmarks;

import org.openjdk.jmh.annotations.Warmup;

/**
 * Base of the Ravel-only workloads W4-W11 (no DJL or ND4J peer, so no {@code lib} parameter):
 * PyTorch, from {@code torch_reference.py}, is the only comparison.
 *
 * <p>A longer warm-up than W1-W3: these benchmarks run whole training steps made of many small Java
 * ops (autograd nodes, Vector API kernels), which run interpreted, the Vector API boxed, tens of
 * times slower, until C2 has compiled them; on the 2-core machine that takes 3-8 s.
 */
@Warmup(iterations = 5, time = 2)
public abstract class RavelBench extends BenchBase {
}
