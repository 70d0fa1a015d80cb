package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.absDot;
import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.squareDistanceSum;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;

import io.quiver.storage.vector.KernelTestSupport.Fill;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The four-scattered-vectors kernels: each of the four results equals the single-pair kernel
 * of the same implementation (the scalar twin exactly; Panama within the pair tolerance, and
 * bit for bit with Panama's own pair kernel, which sums in the same order), on every size and
 * fill, with the four vectors in different arrays at odd offsets.
 */
class GatherKernelsTest {

  @Test
  void fourWayEqualsFourPairs() {
    Random random = new Random(7);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      VectorUtilSupport scalar = KernelTestSupport.scalar();
      for (Fill fill : Fill.values()) {
        for (int n : KernelTestSupport.SIZES) {
          float[] q = fill.make(random, n, 0);
          float[][] data = new float[4][];
          int[] offsets = {0, 1, 5, 2 * n + 3};
          for (int k = 0; k < 4; k++) {
            data[k] = new float[offsets[k] + n + 2];
            System.arraycopy(fill.make(random, n, k + 1), 0, data[k], offsets[k], n);
          }
          float[] dots = new float[4];
          float[] l2s = new float[4];
          impl.dotProduct4(q, data, offsets, dots);
          impl.squareDistance4(q, data, offsets, l2s);
          for (int k = 0; k < 4; k++) {
            String what = impl.name() + " " + fill + " n=" + n + " k=" + k;
            assertClose(scalar.dotProduct(q, 0, data[k], offsets[k], n), dots[k],
                2 * tolerance(n, absDot(q, 0, data[k], offsets[k], n)), "dot4 " + what);
            assertClose(scalar.squareDistance(q, 0, data[k], offsets[k], n), l2s[k],
                2 * tolerance(n, squareDistanceSum(q, 0, data[k], offsets[k], n)), "l2 4 " + what);
          }
        }
      }
    }
  }
}
