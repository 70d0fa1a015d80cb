package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.absDot;
import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.squareDistanceSum;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;

import io.quiver.storage.vector.KernelTestSupport.Fill;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float32 single-pair kernels: Panama against the scalar twin, and the scalar twin against a
 * double-precision reference, on every size in {@link KernelTestSupport#SIZES} and every
 * {@link Fill}, with and without offsets.
 */
class FloatKernelsTest {

  @Test
  void scalarMatchesDoubleReference() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(1);
    for (int n : KernelTestSupport.SIZES) {
      float[] a = Fill.RANDOM.make(random, n, 0);
      float[] b = Fill.RANDOM.make(random, n, 1);
      double dot = 0;
      double l2 = 0;
      for (int i = 0; i < n; i++) {
        dot += (double) a[i] * b[i];
        l2 += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
      }
      assertClose((float) dot, scalar.dotProduct(a, 0, b, 0, n), tolerance(n, absDot(a, 0, b, 0, n)), "dot n=" + n);
      assertClose((float) l2, scalar.squareDistance(a, 0, b, 0, n), tolerance(n, squareDistanceSum(a, 0, b, 0, n)), "l2 n=" + n);
    }
  }

  @Test
  void panamaMatchesScalarOnEverySizeAndFill() {
    VectorUtilSupport panama = KernelTestSupport.panama();
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(42);
    for (Fill fill : Fill.values()) {
      for (int n : KernelTestSupport.SIZES) {
        // Offsets 0 and odd, so the kernels never rely on aligned starts.
        for (int offset : new int[] {0, 3}) {
          float[] a = pad(fill.make(random, n, 0), offset);
          float[] b = pad(fill.make(random, n, 1), 2 * offset);
          String what = fill + " n=" + n + " offset=" + offset;
          int ao = offset;
          int bo = 2 * offset;
          assertClose(scalar.dotProduct(a, ao, b, bo, n), panama.dotProduct(a, ao, b, bo, n),
              2 * tolerance(n, absDot(a, ao, b, bo, n)), "dot " + what);
          assertClose(scalar.squareDistance(a, ao, b, bo, n), panama.squareDistance(a, ao, b, bo, n),
              2 * tolerance(n, squareDistanceSum(a, ao, b, bo, n)), "l2 " + what);
          assertClose(scalar.squareNorm(a, ao, n), panama.squareNorm(a, ao, n),
              2 * tolerance(n, absDot(a, ao, a, ao, n)), "norm " + what);
          assertClose(scalar.cosine(a, ao, b, bo, n), panama.cosine(a, ao, b, bo, n),
              cosineTolerance(a, ao, b, bo, n), "cosine " + what);
        }
      }
    }
  }

  @Test
  void cosineOfZeroVectorIsZeroAndOfParallelVectorsIsOne() {
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int n : KernelTestSupport.SIZES) {
        float[] zero = new float[n];
        float[] v = Fill.RANDOM.make(new Random(n), n, 0);
        float[] scaled = v.clone();
        for (int i = 0; i < n; i++) {
          scaled[i] *= 3;
        }
        assertClose(0f, impl.cosine(zero, 0, v, 0, n), 0, impl.name() + " zero n=" + n);
        assertClose(1f, impl.cosine(v, 0, scaled, 0, n), 8 * (n + 1) * KernelTestSupport.U, impl.name() + " parallel n=" + n);
      }
    }
  }

  /**
   * Cosine error: the dot's error relative to |a||b| plus the norms' relative errors, which
   * move the result by at most about n * u each.
   */
  static double cosineTolerance(float[] a, int ao, float[] b, int bo, int n) {
    double normA = Math.sqrt(absDot(a, ao, a, ao, n));
    double normB = Math.sqrt(absDot(b, bo, b, bo, n));
    if (normA == 0 || normB == 0 || !Double.isFinite(normA * normB)) {
      return 0; // exact 0, or non-finite results that must match exactly
    }
    return 4 * tolerance(n, absDot(a, ao, b, bo, n)) / (normA * normB) + 8 * (n + 1) * KernelTestSupport.U;
  }

  private static float[] pad(float[] v, int offset) {
    float[] padded = new float[v.length + offset + 5];
    java.util.Arrays.fill(padded, Float.NaN); // any read outside the range poisons the result
    System.arraycopy(v, 0, padded, offset, v.length);
    return padded;
  }
}
