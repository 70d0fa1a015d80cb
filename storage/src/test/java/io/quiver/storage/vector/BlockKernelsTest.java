package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.FLOAT_LE;
import static io.quiver.storage.vector.KernelTestSupport.absDot;
import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.squareDistanceSum;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.vector.KernelTestSupport.Fill;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Float32 block kernels, on heap arrays and off-heap segments: every score of a Panama block
 * must match the scalar single-pair kernel on that vector, for block sizes that exercise the
 * four-vectors-per-pass body and its leftovers, at an offset, and (off-heap) at a byte offset
 * that is not float-aligned.
 */
class BlockKernelsTest {
  private static final int[] COUNTS = {0, 1, 3, 4, 5, 9};

  @Test
  void arrayBlocksMatchScalarPairs() {
    VectorUtilSupport panama = KernelTestSupport.panama();
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(7);
    for (Fill fill : Fill.values()) {
      for (int d : KernelTestSupport.SIZES) {
        for (int count : COUNTS) {
          int offset = 5;
          float[] query = fill.make(random, d, 0);
          float[] data = blockData(fill, random, d, count, offset);
          float[] dot = new float[count];
          float[] l2 = new float[count];
          float[] cos = new float[count];
          panama.dotProductBlock(query, data, offset, count, dot);
          panama.squareDistanceBlock(query, data, offset, count, l2);
          panama.cosineBlock(query, data, offset, count, cos);
          checkAgainstPairs(scalar, query, data, offset, count, dot, l2, cos, fill + " d=" + d + " count=" + count);
          // The scalar block must also be its own pairs, exactly (same loop, same order).
          float[] scalarDot = new float[count];
          scalar.dotProductBlock(query, data, offset, count, scalarDot);
          for (int v = 0; v < count; v++) {
            assertClose(scalar.dotProduct(query, 0, data, offset + v * d, d), scalarDot[v], 0, "scalar block dot");
          }
        }
      }
    }
  }

  @Test
  void segmentBlocksMatchScalarPairs() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(11);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (Fill fill : Fill.values()) {
        for (int d : KernelTestSupport.SIZES) {
          for (int count : COUNTS) {
            int offset = 5;
            float[] query = fill.make(random, d, 0);
            float[] data = blockData(fill, random, d, count, offset);
            float[] dot = new float[count];
            float[] l2 = new float[count];
            float[] cos = new float[count];
            try (Arena arena = Arena.ofConfined()) {
              long byteOffset = 3; // deliberately not a multiple of 4
              MemorySegment segment = arena.allocate(byteOffset + (long) count * d * Float.BYTES + 16);
              MemorySegment.copy(data, offset, segment, FLOAT_LE, byteOffset, count * d);
              impl.dotProductBlock(query, segment, byteOffset, count, dot);
              impl.squareDistanceBlock(query, segment, byteOffset, count, l2);
              impl.cosineBlock(query, segment, byteOffset, count, cos);
            }
            checkAgainstPairs(scalar, query, data, offset, count, dot, l2, cos,
                impl.name() + " segment " + fill + " d=" + d + " count=" + count);
          }
        }
      }
    }
  }

  /**
   * The off-heap squared-distance block copies its query to native memory (one copy per
   * thread): threads scoring different queries against one segment at once must each get
   * their own query's scores.
   */
  @Test
  void segmentBlocksKeepEachThreadsQuery() throws Exception {
    VectorUtilSupport panama = KernelTestSupport.panama();
    int d = 96;
    int count = 64;
    Random random = new Random(23);
    float[] data = new float[count * d];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() * 2 - 1;
    }
    int threads = 4;
    float[][] queries = new float[threads][d];
    float[][] expected = new float[threads][count];
    try (Arena arena = Arena.ofShared()) {
      MemorySegment segment = KernelTestSupport.offHeapCopy(arena, data);
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < d; i++) {
          queries[t][i] = random.nextFloat() * 2 - 1;
        }
        panama.squareDistanceBlock(queries[t], segment, 0, count, expected[t]);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          runs.add(pool.submit(() -> {
            float[] scores = new float[count];
            for (int round = 0; round < 2_000; round++) {
              panama.squareDistanceBlock(queries[thread], segment, 0, count, scores);
              assertThat(scores).as("thread %d round %d", thread, round).containsExactly(expected[thread]);
            }
          }));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static float[] blockData(Fill fill, Random random, int d, int count, int offset) {
    float[] data = new float[offset + count * d + 3];
    java.util.Arrays.fill(data, Float.NaN); // reads outside the block poison the scores
    for (int v = 0; v < count; v++) {
      System.arraycopy(fill.make(random, d, 1), 0, data, offset + v * d, d);
    }
    return data;
  }

  private static void checkAgainstPairs(VectorUtilSupport scalar, float[] query, float[] data, int offset,
      int count, float[] dot, float[] l2, float[] cos, String what) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      int base = offset + v * d;
      assertClose(scalar.dotProduct(query, 0, data, base, d), dot[v],
          2 * tolerance(d, absDot(query, 0, data, base, d)), "dot " + what + " v=" + v);
      assertClose(scalar.squareDistance(query, 0, data, base, d), l2[v],
          2 * tolerance(d, squareDistanceSum(query, 0, data, base, d)), "l2 " + what + " v=" + v);
      assertClose(scalar.cosine(query, 0, data, base, d), cos[v],
          FloatKernelsTest.cosineTolerance(query, 0, data, base, d), "cosine " + what + " v=" + v);
    }
  }
}
