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

  static float[] randomFloats(Random random, int n) {
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
