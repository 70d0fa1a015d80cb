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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The other kernel tests call each kernel a few times, so they mostly run the Vector API in
 * the interpreter, where it is emulated in plain Java. Production runs the C2-compiled,
 * intrinsified code, a different path. This test calls the kernels tens of thousands of times
 * (past the C2 compile thresholds) and keeps checking them against the scalar twin, so the
 * compiled code is checked too. Takes well under a second.
 */
class CompiledKernelsTest {
  private static final int[] SIZES = {15, 17, 128, 129, 768};
  private static final int ROUNDS = 30_000;

  @Test
  void compiledKernelsStillMatchScalar() {
    VectorUtilSupport panama = KernelTestSupport.panama();
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(99);
    float[][] as = new float[SIZES.length][];
    float[][] bs = new float[SIZES.length][];
    byte[][] xs = new byte[SIZES.length][];
    byte[][] ys = new byte[SIZES.length][];
    float[][] tables = new float[SIZES.length][];
    for (int k = 0; k < SIZES.length; k++) {
      int n = SIZES[k];
      as[k] = Fill.RANDOM.make(random, n, 0);
      bs[k] = Fill.RANDOM.make(random, 5 * n, 1); // also a block of five vectors
      xs[k] = KernelTestSupport.randomBytes(random, n);
      ys[k] = KernelTestSupport.randomBytes(random, 5 * n);
      tables[k] = Fill.RANDOM.make(random, n * 256, 0);
    }
    float[] scores = new float[5];
    int[] ints = new int[5];
    // The first call of each size runs interpreted; every later (compiled) one must return the
    // very same float, or a search's scores would change once the kernels are compiled.
    float[] firstDot = new float[SIZES.length];
    float[] firstL2 = new float[SIZES.length];
    for (int k = 0; k < SIZES.length; k++) {
      firstDot[k] = panama.dotProduct(as[k], 0, bs[k], 0, SIZES[k]);
      firstL2[k] = panama.squareDistance(as[k], 0, bs[k], SIZES[k], SIZES[k]);
    }
    for (int round = 0; round < ROUNDS; round++) {
      int k = round % SIZES.length;
      int n = SIZES[k];
      float[] a = as[k];
      float[] b = bs[k];
      String what = "round " + round + " n=" + n;
      assertThat(panama.dotProduct(a, 0, b, 0, n)).as("same float in every tier, dot " + what).isEqualTo(firstDot[k]);
      assertThat(panama.squareDistance(a, 0, b, n, n)).as("same float in every tier, l2 " + what).isEqualTo(firstL2[k]);
      assertClose(scalar.dotProduct(a, 0, b, 0, n), panama.dotProduct(a, 0, b, 0, n),
          2 * tolerance(n, absDot(a, 0, b, 0, n)), "dot " + what);
      assertClose(scalar.squareDistance(a, 0, b, n, n), panama.squareDistance(a, 0, b, n, n),
          2 * tolerance(n, squareDistanceSum(a, 0, b, n, n)), "l2 " + what);
      assertClose(scalar.cosine(a, 0, b, 0, n), panama.cosine(a, 0, b, 0, n),
          FloatKernelsTest.cosineTolerance(a, 0, b, 0, n), "cosine " + what);
      panama.dotProductBlock(a, b, 0, 5, scores);
      int v = round % 5;
      assertClose(scalar.dotProduct(a, 0, b, v * n, n), scores[v],
          2 * tolerance(n, absDot(a, 0, b, v * n, n)), "dot block " + what);
      panama.squareDistanceBlock(a, b, 0, 5, scores);
      assertClose(scalar.squareDistance(a, 0, b, v * n, n), scores[v],
          2 * tolerance(n, squareDistanceSum(a, 0, b, v * n, n)), "l2 block " + what);
      assertThat(panama.dotProduct(xs[k], 0, ys[k], n, n)).isEqualTo(scalar.dotProduct(xs[k], 0, ys[k], n, n));
      panama.squareDistanceBlock(xs[k], ys[k], 0, 5, ints);
      assertThat(ints[v]).isEqualTo(scalar.squareDistance(xs[k], 0, ys[k], v * n, n));
      float pq = panama.pqLookupSum(tables[k], ys[k], v * n, n);
      assertClose(scalar.pqLookupSum(tables[k], ys[k], v * n, n), pq, 2 * tolerance(n, n), "pq " + what);
    }
  }

  /**
   * The byte-table PQ kernels compiled: the shuffle kernel (where the CPU has it) and the table
   * quantizer, against the scalar twin, byte for byte and sum for sum.
   */
  @Test
  void compiledQuantizedPqKernelsStillMatchScalar() {
    VectorUtilSupport panama = KernelTestSupport.panama();
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    int b = VectorUtilSupport.PQ_BLOCK;
    Random random = new Random(101);
    int[] ms = {1, 16, 48, 98};
    short[] sums = new short[b];
    short[] expected = new short[b];
    for (int round = 0; round < 20_000; round++) {
      int m = ms[round % ms.length];
      byte[] table = KernelTestSupport.randomBytes(random, m * 256);
      byte[] codes = KernelTestSupport.randomBytes(random, m * b);
      int maxSum = random.nextInt(m * 256);
      long mask = panama.pqLookupSumQuantized(table, codes, 0, m, maxSum, sums);
      assertThat(mask).as("round %d m=%d", round, m)
          .isEqualTo(scalar.pqLookupSumQuantized(table, codes, 0, m, maxSum, expected));
      assertThat(sums).as("round %d m=%d", round, m).containsExactly(expected);
      if (round % 20 == 0) {
        float[] floats = Fill.RANDOM.make(random, m * 256, 0);
        byte[] entries = new byte[m * 256];
        byte[] scalarEntries = new byte[m * 256];
        float[] mins = new float[m];
        float[] scalarMins = new float[m];
        assertThat(panama.pqQuantizeTable(floats, m, 255, mins, entries))
            .isEqualTo(scalar.pqQuantizeTable(floats, m, 255, scalarMins, scalarEntries));
        assertThat(entries).containsExactly(scalarEntries);
        assertThat(mins).containsExactly(scalarMins);
      }
    }
  }
  /**
   * The horizontal sum at the end of every float kernel adds lanes in one fixed pairwise tree
   * (lane i + lane i + L/2, then i + L/4, ... down to two lanes), interpreted and compiled
   * alike. A single vector step times ones is exactly the input, so the kernel's result must be
   * that tree's sum, bit for bit. The input is chosen so that a left-to-right sum rounds
   * differently. (Swapping in {@code reduceLanes(ADD)} fails the first test instead: its
   * interpreted, left-to-right calls differ from its compiled tree.)
   */
  @Test
  void laneSumIsOneFixedTreeInEveryTier() throws ReflectiveOperationException {
    VectorUtilSupport panama = KernelTestSupport.panama();
    int lanes = (int) panama.getClass().getMethod("preferredBitSize").invoke(null) / Float.SIZE;
    float[] ones = new float[lanes];
    java.util.Arrays.fill(ones, 1f);
    Random random = new Random(7);
    float[] x;
    do {
      x = new float[lanes];
      for (int i = 0; i < lanes; i++) {
        x[i] = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(40) - 20));
      }
    } while (treeSum(x) == leftToRightSum(x));
    float expected = treeSum(x);
    for (int round = 0; round < ROUNDS; round++) {
      assertThat(panama.dotProduct(x, 0, ones, 0, lanes)).as("round %d", round).isEqualTo(expected);
    }
  }

  /**
   * The block kernels' four-vector pass merges its four accumulators into one vector before
   * folding; each score must still be exactly the tree sum of its own accumulators, at every
   * dimension (the pass runs from the smallest), plus the scalar tail added in order. With a
   * query of ones, a dot-product accumulator lane l is x[l] + x[l + L] + x[l + 2L] + ... added
   * in order (an FMA by one is an exact add); with a query of zeros, the heap squared-distance
   * pass's two accumulators take the even and odd vector steps (a leftover odd step goes to the
   * first), each an FMA of x with itself, and the off-heap pass's one accumulator takes them
   * all (SegmentKernels says why). So the expected scores are computable here, bit for
   * bit, interpreted and compiled, on the heap and off it. Dimensions cover an odd number of
   * vector steps and a scalar tail at 4, 8 and 16 lanes.
   */
  @Test
  void blockPassMergesFourAccumulatorsIntoTheSameTree() throws ReflectiveOperationException {
    VectorUtilSupport panama = KernelTestSupport.panama();
    int lanes = Math.min(512, (int) panama.getClass().getMethod("preferredBitSize").invoke(null)) / Float.SIZE;
    int count = 32;
    Random random = new Random(11);
    for (int d : new int[] {40, 48, 64, 96, 100, 128, 256}) {
      float[] ones = new float[d];
      java.util.Arrays.fill(ones, 1f);
      float[] zeros = new float[d];
      float[] data = new float[count * d];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(6) - 3));
      }
      int vectorPart = d - d % lanes;
      float[] expectedDot = new float[count];
      float[] expectedL2 = new float[count];
      float[] expectedL2OffHeap = new float[count];
      for (int v = 0; v < count; v++) {
        float[] sum = new float[lanes];
        float[] squaresInOne = new float[lanes];
        float[][] squares = new float[2][lanes];
        for (int i = 0; i < vectorPart; i++) {
          float x = data[v * d + i];
          sum[i % lanes] += x;
          squaresInOne[i % lanes] = Math.fma(-x, -x, squaresInOne[i % lanes]);
          float[] accumulator = squares[(i / lanes) % 2];
          accumulator[i % lanes] = Math.fma(-x, -x, accumulator[i % lanes]);
        }
        for (int l = 0; l < lanes; l++) {
          squares[0][l] += squares[1][l];
        }
        expectedDot[v] = treeSum(sum);
        expectedL2[v] = treeSum(squares[0]);
        expectedL2OffHeap[v] = treeSum(squaresInOne);
        for (int i = vectorPart; i < d; i++) {
          float x = data[v * d + i];
          expectedDot[v] += x;
          expectedL2[v] += x * x;
          expectedL2OffHeap[v] += x * x;
        }
      }
      float[] scores = new float[count];
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment segment = KernelTestSupport.offHeapCopy(arena, data);
        for (int round = 0; round < ROUNDS / 4; round++) {
          panama.dotProductBlock(ones, data, 0, count, scores);
          assertThat(scores).as("dot d=%d round %d", d, round).containsExactly(expectedDot);
          panama.squareDistanceBlock(zeros, data, 0, count, scores);
          assertThat(scores).as("l2 d=%d round %d", d, round).containsExactly(expectedL2);
          panama.dotProductBlock(ones, segment, 0, count, scores);
          assertThat(scores).as("off-heap dot d=%d round %d", d, round).containsExactly(expectedDot);
          panama.squareDistanceBlock(zeros, segment, 0, count, scores);
          assertThat(scores).as("off-heap l2 d=%d round %d", d, round).containsExactly(expectedL2OffHeap);
        }
      }
    }
  }

  /**
   * A block's scores do not depend on where its vectors live or which path a length takes: the
   * heap and off-heap dot blocks agree bit for bit at every dimension, including 64, 96 and
   * 128, where the heap block runs a fully unrolled loop per vector instead of its pass; the
   * leftover vectors (count mod 4) of a dot block are the pair kernel's; every squared-distance
   * score of the heap block, and the off-heap block's leftovers, are the pair kernel's. Three inputs: random values, and two where the first step of
   * every vector absorbs the ones of its later steps when they share its accumulator (beside a
   * query of ones for dot, of zeros for squared L2), so that one accumulator against two, or a
   * step in the wrong one, changes the score.
   */
  @Test
  void blockScoresDoNotDependOnThePath() throws ReflectiveOperationException {
    VectorUtilSupport panama = KernelTestSupport.panama();
    int lanes = Math.min(512, (int) panama.getClass().getMethod("preferredBitSize").invoke(null)) / Float.SIZE;
    Random random = new Random(17);
    int count = 11; // two passes and three leftovers
    for (int d : new int[] {64, 96, 100, 128, 160, 384}) {
      float[] ones = new float[d];
      java.util.Arrays.fill(ones, 1f);
      float[] randomQuery = new float[d];
      float[] randomData = new float[count * d];
      for (int i = 0; i < d; i++) {
        randomQuery[i] = random.nextFloat() * 2 - 1;
      }
      for (int i = 0; i < randomData.length; i++) {
        randomData[i] = random.nextFloat() * 2 - 1;
      }
      checkBlockPaths(panama, randomQuery, randomData, count, "random d=" + d);
      checkBlockPaths(panama, ones, repeat(stepOnes(d, lanes, 1 << 24), count), count, "absorbing dot d=" + d);
      checkBlockPaths(panama, new float[d], repeat(stepOnes(d, lanes, 4096f), count), count, "absorbing l2 d=" + d);
    }
  }

  private static void checkBlockPaths(VectorUtilSupport panama, float[] query, float[] data, int count, String what) {
    int d = query.length;
    float[] pairDot = new float[count];
    float[] pairL2 = new float[count];
    for (int v = 0; v < count; v++) {
      pairDot[v] = panama.dotProduct(query, 0, data, v * d, d);
      pairL2[v] = panama.squareDistance(query, 0, data, v * d, d);
    }
    float[] heap = new float[count];
    float[] offHeap = new float[count];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = KernelTestSupport.offHeapCopy(arena, data);
      for (int round = 0; round < ROUNDS / 24; round++) {
        panama.dotProductBlock(query, data, 0, count, heap);
        panama.dotProductBlock(query, segment, 0, count, offHeap);
        assertThat(offHeap).as("off-heap dot %s round %d", what, round).containsExactly(heap);
        for (int v = count & -4; v < count; v++) {
          assertThat(heap[v]).as("leftover dot %s v=%d round %d", what, v, round).isEqualTo(pairDot[v]);
        }
        panama.squareDistanceBlock(query, data, 0, count, heap);
        assertThat(heap).as("l2 %s round %d", what, round).containsExactly(pairL2);
        panama.squareDistanceBlock(query, segment, 0, count, offHeap);
        for (int v = count & -4; v < count; v++) {
          assertThat(offHeap[v]).as("off-heap leftover l2 %s v=%d round %d", what, v, round).isEqualTo(pairL2[v]);
        }
      }
    }
  }

  private static float[] repeat(float[] vector, int count) {
    float[] block = new float[vector.length * count];
    for (int v = 0; v < count; v++) {
      System.arraycopy(vector, 0, block, v * vector.length, vector.length);
    }
    return block;
  }

  /**
   * The pair kernels (and float times int8) sum in one documented order at every dimension, including 64, 96 and 128,
   * which they pass to their loop as constants (so that C2 unrolls it completely; see {@code
   * FloatKernels}), and 160, which they do not: vector step s goes to accumulator s mod 2, the
   * two are added lane by lane, then the tree. (The squared norm: s mod 4 while four steps
   * remain, leftover steps to the first, merged as (0 + 1) + (2 + 3).) Beside a vector of ones
   * (dot) or zeros (squared L2) every FMA is an exact add or one rounding of x times x, so the
   * expected floats are computable here, bit for bit, and must hold interpreted and compiled.
   * Two inputs: random values, and one where lane 0 of the first step is large enough to absorb
   * the ones that follow it in the same accumulator, so that moving any step to another
   * accumulator changes the result (random values alone hide that: a one-ulp change in one
   * lane is usually lost in the final sum).
   */
  @Test
  void pairKernelsSumInOneOrderAtEveryDimension() throws ReflectiveOperationException {
    VectorUtilSupport panama = KernelTestSupport.panama();
    int lanes = Math.min(512, (int) panama.getClass().getMethod("preferredBitSize").invoke(null)) / Float.SIZE;
    Random random = new Random(13);
    for (int d : new int[] {64, 96, 128, 160}) {
      float[] randomValues = new float[d];
      for (int i = 0; i < d; i++) {
        randomValues[i] = (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(12) - 6));
      }
      for (boolean absorbing : new boolean[] {false, true}) {
        float[] x = absorbing ? stepOnes(d, lanes, 4096f) : randomValues; // 4096^2 = 2^24
        float[] y = absorbing ? stepOnes(d, lanes, 1 << 24) : randomValues;
        checkPairOrder(panama, lanes, x, y, (absorbing ? "absorbing" : "random") + " d=" + d);
      }
    }
  }

  /** Ones at lane 0 of every vector step, {@code first} at the very first, zeros elsewhere. */
  private static float[] stepOnes(int d, int lanes, float first) {
    float[] x = new float[d];
    for (int i = 0; i < d; i += lanes) {
      x[i] = 1f;
    }
    x[0] = first;
    return x;
  }

  /** Squared L2 and norm of {@code x}, dot of ones with {@code y} (float and int8), against their documented order. */
  private static void checkPairOrder(VectorUtilSupport panama, int lanes, float[] x, float[] y, String what) {
    int d = x.length;
    float[] ones = new float[d];
    java.util.Arrays.fill(ones, 1f);
    float[] zeros = new float[d];
    float[][] dot = new float[2][lanes];
    float[][] l2 = new float[2][lanes];
    float[][] norm = new float[4][lanes];
    int fourStepPart = d & -(4 * lanes);
    for (int i = 0; i < d; i++) {
      int step = i / lanes;
      int lane = i % lanes;
      dot[step % 2][lane] += y[i];
      l2[step % 2][lane] = Math.fma(-x[i], -x[i], l2[step % 2][lane]);
      int n = i < fourStepPart ? step % 4 : 0;
      norm[n][lane] = Math.fma(x[i], x[i], norm[n][lane]);
    }
    float expectedDot = treeSum(laneSum(dot[0], dot[1]));
    float expectedL2 = treeSum(laneSum(l2[0], l2[1]));
    float expectedNorm = treeSum(laneSum(laneSum(norm[0], norm[1]), laneSum(norm[2], norm[3])));
    // Float times int8 by ones: the same order as dot, or, below 8 lanes (no byte species
    // that narrow), the scalar loop's.
    byte[] oneBytes = new byte[d];
    java.util.Arrays.fill(oneBytes, (byte) 1);
    float expectedInt8 = lanes >= 8 ? expectedDot : leftToRightSum(y);
    for (int round = 0; round < ROUNDS / 8; round++) {
      assertThat(panama.dotProduct(ones, 0, y, 0, d)).as("dot %s round %d", what, round).isEqualTo(expectedDot);
      assertThat(panama.dotProduct(y, 0, oneBytes, 0, d)).as("int8 dot %s round %d", what, round).isEqualTo(expectedInt8);
      assertThat(panama.squareDistance(zeros, 0, x, 0, d)).as("l2 %s round %d", what, round).isEqualTo(expectedL2);
      assertThat(panama.squareNorm(x, 0, d)).as("norm %s round %d", what, round).isEqualTo(expectedNorm);
    }
  }

  private static float[] laneSum(float[] a, float[] b) {
    float[] sum = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  private static float treeSum(float[] x) {
    float[] v = x.clone();
    for (int s = v.length / 2; s >= 2; s /= 2) {
      for (int i = 0; i < s; i++) {
        v[i] += v[i + s];
      }
    }
    return v[0] + v[1];
  }

  private static float leftToRightSum(float[] x) {
    float sum = 0f;
    for (float f : x) {
      sum += f;
    }
    return sum;
  }
}
