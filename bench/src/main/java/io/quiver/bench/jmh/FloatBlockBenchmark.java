package io.quiver.bench.jmh;

import io.quiver.storage.vector.VectorUtilSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Float32 block kernels: one query against {@value KernelBenchmarks#BLOCK} contiguous vectors,
 * on a heap array and off-heap. Reported per vector (ns/op with one op = one vector scored),
 * so the numbers compare directly with {@link FloatPairBenchmark}. At d >= 384 the block
 * (1.5 MiB and up) no longer fits in L2, so these read from L3 while the pair benchmark's two
 * vectors sit in L1; {@code *PairLoop} is the like-for-like baseline: the single-pair kernel
 * called once per vector of the same block, which is what a caller without the block form
 * would do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@OperationsPerInvocation(KernelBenchmarks.BLOCK)
public class FloatBlockBenchmark {
  @Param({"scalar", "panama"})
  String impl;

  @Param({"96", "128", "384", "768", "1536"})
  int d;

  private VectorUtilSupport kernels;
  private float[] query;
  private float[] data;
  private float[] scores;
  private Arena arena;
  private MemorySegment segment;

  @Setup
  public void setUp() {
    kernels = KernelBenchmarks.impl(impl);
    Random random = new Random(d);
    query = KernelBenchmarks.randomFloats(random, d);
    data = KernelBenchmarks.randomFloats(random, d * KernelBenchmarks.BLOCK);
    scores = new float[KernelBenchmarks.BLOCK];
    arena = Arena.ofShared();
    segment = arena.allocate((long) data.length * Float.BYTES, 64);
    MemorySegment.copy(data, 0, segment,
        ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, data.length);
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public float[] dotProductBlock() {
    kernels.dotProductBlock(query, data, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] squareDistanceBlock() {
    kernels.squareDistanceBlock(query, data, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] cosineBlock() {
    kernels.cosineBlock(query, data, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] dotProductBlockOffHeap() {
    kernels.dotProductBlock(query, segment, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] squareDistanceBlockOffHeap() {
    kernels.squareDistanceBlock(query, segment, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] cosineBlockOffHeap() {
    kernels.cosineBlock(query, segment, 0, KernelBenchmarks.BLOCK, scores);
    return scores;
  }

  @Benchmark
  public float[] dotProductPairLoop() {
    for (int v = 0; v < KernelBenchmarks.BLOCK; v++) {
      scores[v] = kernels.dotProduct(query, 0, data, v * d, d);
    }
    return scores;
  }

  @Benchmark
  public float[] squareDistancePairLoop() {
    for (int v = 0; v < KernelBenchmarks.BLOCK; v++) {
      scores[v] = kernels.squareDistance(query, 0, data, v * d, d);
    }
    return scores;
  }

  @Benchmark
  public float[] cosinePairLoop() {
    for (int v = 0; v < KernelBenchmarks.BLOCK; v++) {
      scores[v] = kernels.cosine(query, 0, data, v * d, d);
    }
    return scores;
  }
}
