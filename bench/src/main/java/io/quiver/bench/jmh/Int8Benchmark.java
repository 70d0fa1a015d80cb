package io.quiver.bench.jmh;

import io.quiver.storage.vector.VectorUtilSupport;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Int8 kernels: one pair (ns per call) and one query against {@value KernelBenchmarks#BLOCK}
 * vectors (ns per vector), scalar vs Panama; and the float-by-int8 dot product the HNSW int8
 * walk uses (one pair, ns per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class Int8Benchmark {
  @Param({"scalar", "panama"})
  String impl;

  @Param({"96", "128", "384", "768", "1536"})
  int d;

  private VectorUtilSupport kernels;
  private byte[] a;
  private byte[] b;
  private byte[] data;
  private int[] scores;
  private float[] floatQuery;

  @Setup
  public void setUp() {
    kernels = KernelBenchmarks.impl(impl);
    Random random = new Random(d);
    a = KernelBenchmarks.randomBytes(random, d);
    b = KernelBenchmarks.randomBytes(random, d);
    data = KernelBenchmarks.randomBytes(random, d * KernelBenchmarks.BLOCK);
    scores = new int[KernelBenchmarks.BLOCK];
    floatQuery = KernelBenchmarks.randomFloats(random, d);
  }

  @Benchmark
  public float floatByInt8Dot() {
    return kernels.dotProduct(floatQuery, 0, b, 0, d);
  }

  @Benchmark
  public int dotProduct() {
    return kernels.dotProduct(a, 0, b, 0, d);
  }

  @Benchmark
  public int squareDistance() {
    return kernels.squareDistance(a, 0, b, 0, d);
  }

  @Benchmark
  @OperationsPerInvocation(KernelBenchmarks.BLOCK)
  public int[] dotProductBlock() {
    kernels.dotProductBlock(a, data, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  @OperationsPerInvocation(KernelBenchmarks.BLOCK)
  public int[] squareDistanceBlock() {
    kernels.squareDistanceBlock(a, data, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }
}
