package io.quiver.bench.jmh;

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

/** Float32 kernels on one pair of vectors (both in L1): ns per call, scalar vs Panama. */
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

  private VectorUtilSupport kernels;
  private float[] a;
  private float[] b;

  @Setup
  public void setUp() {
    kernels = KernelBenchmarks.impl(impl);
    Random random = new Random(d);
    a = KernelBenchmarks.randomFloats(random, d);
    b = KernelBenchmarks.randomFloats(random, d);
  }

  @Benchmark
  public float dotProduct() {
    return kernels.dotProduct(a, 0, b, 0, d);
  }

  @Benchmark
  public float squareDistance() {
    return kernels.squareDistance(a, 0, b, 0, d);
  }

  @Benchmark
  public float cosine() {
    return kernels.cosine(a, 0, b, 0, d);
  }

  @Benchmark
  public float squareNorm() {
    return kernels.squareNorm(a, 0, d);
  }
}
