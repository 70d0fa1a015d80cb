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
 * PQ lookup-table sums over m x 256 tables: one code per call (walking through {@value
 * KernelBenchmarks#BLOCK} random codes so the selected entries change) and a block of
 * {@value KernelBenchmarks#BLOCK} codes (ns per code), scalar vs Panama gathers; and the byte-table
 * sum over interleaved blocks, scalar vs Panama shuffles.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PqLookupBenchmark {
  @Param({"scalar", "panama"})
  String impl;

  @Param({"16", "32", "64", "96"})
  int m;

  private VectorUtilSupport kernels;
  private float[] table;
  private byte[] codes;
  private float[] scores;
  private final float[] blockScores = new float[VectorUtilSupport.PQ_BLOCK];
  private byte[] byteTable;
  private final short[] blockSums = new short[VectorUtilSupport.PQ_BLOCK];
  private byte[] quantizedEntries;
  private float[] mins;
  private int next;

  @Setup
  public void setUp() {
    kernels = KernelBenchmarks.impl(impl);
    Random random = new Random(m);
    table = KernelBenchmarks.randomFloats(random, m * 256);
    codes = KernelBenchmarks.randomBytes(random, m * KernelBenchmarks.BLOCK);
    scores = new float[KernelBenchmarks.BLOCK];
    byteTable = KernelBenchmarks.randomBytes(random, m * 256);
    quantizedEntries = new byte[m * 256];
    mins = new float[m];
  }

  /** Quantizing the whole m x 256 float table to bytes (once per query, or per list for L2); ns per table. */
  @Benchmark
  public float quantizeTable() {
    return kernels.pqQuantizeTable(table, m, 255, mins, quantizedEntries) + quantizedEntries[m];
  }

  @Benchmark
  public float lookupSum() {
    int at = next;
    next = at + m == codes.length ? 0 : at + m;
    return kernels.pqLookupSum(table, codes, at, m);
  }

  @Benchmark
  @OperationsPerInvocation(KernelBenchmarks.BLOCK)
  public float[] lookupSumBlock() {
    kernels.pqLookupSumBlock(table, codes, 0, KernelBenchmarks.BLOCK, m, scores);
    return scores;
  }

  /** The same codes read as interleaved blocks of {@code PQ_BLOCK} (ns per code). */
  @Benchmark
  @OperationsPerInvocation(KernelBenchmarks.BLOCK)
  public float[] lookupSumInterleaved() {
    for (int b = 0; b < KernelBenchmarks.BLOCK; b += VectorUtilSupport.PQ_BLOCK) {
      kernels.pqLookupSumInterleaved(table, codes, b * m, m, blockScores);
      System.arraycopy(blockScores, 0, scores, b, VectorUtilSupport.PQ_BLOCK);
    }
    return scores;
  }

  /**
   * The same codes as interleaved blocks, summed over a table of unsigned bytes (the IVF-PQ
   * scan's kernel where in-register shuffles exist); ns per code. The mask of every block is
   * folded into the result so that no block's work can be dropped.
   */
  @Benchmark
  @OperationsPerInvocation(KernelBenchmarks.BLOCK)
  public long lookupSumQuantized() {
    long masks = 0;
    for (int b = 0; b < KernelBenchmarks.BLOCK; b += VectorUtilSupport.PQ_BLOCK) {
      masks ^= kernels.pqLookupSumQuantized(byteTable, codes, b * m, m, 30_000, blockSums);
    }
    return masks + blockSums[0];
  }
}
