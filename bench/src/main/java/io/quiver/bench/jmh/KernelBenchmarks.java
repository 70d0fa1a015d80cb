package io.quiver.bench.jmh;

import io.quiver.storage.vector.VectorUtilSupport;
import io.quiver.storage.vector.VectorizationProvider;
import java.util.Random;

/**
 * Shared set-up for the kernel benchmarks: picks the implementation named by the {@code impl}
 * parameter (so scalar and Panama run side by side in one JMH invocation, each in its own
 * fork) and fills inputs from a fixed seed. Not thread-safe; used from {@code @Setup} only.
 */
final class KernelBenchmarks {
  /** Vectors per block in the block benchmarks. */
  static final int BLOCK = 1024;

  private KernelBenchmarks() {}

  static VectorUtilSupport impl(String name) {
    return switch (name) {
      case "scalar" -> VectorizationProvider.scalar();
      case "panama" -> VectorizationProvider.panama().orElseThrow(() -> new IllegalStateException(
          "Panama kernels unavailable: run the benchmark JVM with --add-modules=jdk.incubator.vector"));
      default -> throw new IllegalArgumentException("impl must be scalar or panama, was " + name);
    };
  }

  /**
   * Moves where the next array starts relative to a 64-byte cache line, at random. A fork's
   * heap layout is otherwise the same every time for a given jar and command line, and a
   * 512-bit kernel runs about 20% faster on arrays that start on a cache line (d = 768 dot:
   * 23.5 against 29 ns, one fork, four offsets), so every fork of one build landed on the same
   * alignment and two builds of identical classes measured 21 and 27 ns. With this, forks
   * sample the alignments a query array has. (A server's stored vectors start on a cache
   * line: {@code ChunkedVectorStore}; {@code FloatPairBenchmark}'s {@code store} layout.)
   * Kept in a field so it is not elided.
   */
  private static byte[] alignmentPadding;

  static float[] randomFloats(Random random, int n) {
    alignmentPadding = new byte[(int) (System.nanoTime() & 63)];
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] v = new byte[n];
    random.nextBytes(v);
    return v;
  }
}
