package io.quiver.bench.jmh;

import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.vector.VectorUtilSupport;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Float32 kernels on one pair of vectors (both in L1): ns per call, scalar vs Panama.
 *
 * <p>Where the second vector lives matters more than anything in the kernel at small d: a
 * 512-bit load that straddles two cache lines costs about twice one that does not, and the
 * JVM starts a small {@code float[]}'s elements at any multiple of 8 bytes. So {@code layout}
 * runs each kernel two ways. {@code array}: both vectors are arrays of their own, each at a
 * random offset from a cache line (both misaligned in 49 forks of 64). {@code store}: the
 * second vector is the first of a {@link ChunkedVectorStore}, where a server keeps its vectors
 * (on a cache line where the JVM lets the store see addresses), and the first is an array of
 * its own, as a query arrives; this is the call {@code VectorDistances} makes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FloatPairBenchmark {
  @Param({"scalar", "panama"})
  String impl;

  @Param({"96", "128", "384", "768", "1536"})
  int d;

  @Param({"array", "store"})
  String layout;

  private VectorUtilSupport kernels;
  private float[] a;
  private float[] b;
  private int bOffset;

  @Setup
  public void setUp() {
    kernels = KernelBenchmarks.impl(impl);
    Random random = new Random(d);
    a = KernelBenchmarks.randomFloats(random, d);
    float[] second = KernelBenchmarks.randomFloats(random, d);
    switch (layout) {
      case "array" -> b = second;
      case "store" -> {
        ChunkedVectorStore store = new ChunkedVectorStore(d);
        store.set(0, second);
        b = store.chunkOf(0);
        bOffset = store.offsetOf(0);
      }
      default -> throw new IllegalArgumentException("layout must be array or store, was " + layout);
    }
  }

  @Benchmark
  public float dotProduct() {
    return kernels.dotProduct(a, 0, b, bOffset, d);
  }

  @Benchmark
  public float squareDistance() {
    return kernels.squareDistance(a, 0, b, bOffset, d);
  }

  @Benchmark
  public float cosine() {
    return kernels.cosine(a, 0, b, bOffset, d);
  }

  @Benchmark
  public float squareNorm() {
    return kernels.squareNorm(b, bOffset, d);
  }
}
