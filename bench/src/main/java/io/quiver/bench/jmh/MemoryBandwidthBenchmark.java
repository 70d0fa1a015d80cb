package io.quiver.bench.jmh;

import io.quiver.storage.vector.VectorUtilSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * Block kernels on a block far larger than the last-level cache ({@value #N} vectors of d =
 * 768 floats = 96 MiB, against a 32 MiB L3), next to the fastest plain read of the same
 * array: a sum with four SIMD accumulators, which does nothing but stream the bytes in and so
 * is the memory-bandwidth limit for a block scan. All reported per vector (ns/op, one op = 3
 * KiB read). The {@code memorySum} methods ignore {@code impl}; it only labels the fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@OperationsPerInvocation(MemoryBandwidthBenchmark.N)
public class MemoryBandwidthBenchmark {
  static final int N = 32_768;
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Param({"scalar", "panama"})
  String impl;

  /** Dimension: 768 (96 MiB) by default; 384 gives 48 MiB, still above the L3. */
  @Param({"768"})
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
    data = KernelBenchmarks.randomFloats(random, d * N);
    scores = new float[N];
    arena = Arena.ofShared();
    segment = arena.allocate((long) data.length * Float.BYTES, 64);
    MemorySegment.copy(data, 0, segment,
        ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, data.length);
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  /** The bandwidth reference: read every float of the block once, with no other work. */
  @Benchmark
  public float memorySum() {
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    int l = SPECIES.length();
    int bound = data.length - data.length % (4 * l);
    for (int i = 0; i < bound; i += 4 * l) {
      s0 = s0.add(FloatVector.fromArray(SPECIES, data, i));
      s1 = s1.add(FloatVector.fromArray(SPECIES, data, i + l));
      s2 = s2.add(FloatVector.fromArray(SPECIES, data, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(SPECIES, data, i + 3 * l));
    }
    return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
  }

  /** The same reference over the off-heap copy, for the off-heap block kernels. */
  @Benchmark
  public float memorySumOffHeap() {
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    long step = SPECIES.vectorByteSize();
    long bytes = segment.byteSize();
    long bound = bytes - bytes % (4 * step);
    for (long at = 0; at < bound; at += 4 * step) {
      s0 = s0.add(FloatVector.fromMemorySegment(SPECIES, segment, at, ByteOrder.LITTLE_ENDIAN));
      s1 = s1.add(FloatVector.fromMemorySegment(SPECIES, segment, at + step, ByteOrder.LITTLE_ENDIAN));
      s2 = s2.add(FloatVector.fromMemorySegment(SPECIES, segment, at + 2 * step, ByteOrder.LITTLE_ENDIAN));
      s3 = s3.add(FloatVector.fromMemorySegment(SPECIES, segment, at + 3 * step, ByteOrder.LITTLE_ENDIAN));
    }
    return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
  }

  @Benchmark
  public float[] dotProductBlock() {
    kernels.dotProductBlock(query, data, 0, N, scores);
    return scores;
  }

  @Benchmark
  public float[] squareDistanceBlock() {
    kernels.squareDistanceBlock(query, data, 0, N, scores);
    return scores;
  }

  @Benchmark
  public float[] dotProductBlockOffHeap() {
    kernels.dotProductBlock(query, segment, 0, N, scores);
    return scores;
  }

  @Benchmark
  public float[] squareDistanceBlockOffHeap() {
    kernels.squareDistanceBlock(query, segment, 0, N, scores);
    return scores;
  }
}
