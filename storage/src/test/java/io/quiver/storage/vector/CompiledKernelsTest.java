package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.absDot;
import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.squareDistanceSum;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.vector.KernelTestSupport.Fill;
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
    for (int round = 0; round < ROUNDS; round++) {
      int k = round % SIZES.length;
      int n = SIZES[k];
      float[] a = as[k];
      float[] b = bs[k];
      String what = "round " + round + " n=" + n;
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
}
