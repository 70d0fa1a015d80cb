package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float-by-int8 dot products (the int8 graph walk's kernel): Panama against the scalar twin and
 * a double-precision reference, every size, every float boundary fill against random and
 * extreme bytes (-128, 127, zeros), at offsets.
 */
class MixedKernelsTest {
  @Test
  void floatByInt8DotMatchesScalarAndReference() {
    Random random = new Random(17);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int n : KernelTestSupport.SIZES) {
        byte[] min = new byte[n];
        byte[] max = new byte[n];
        Arrays.fill(min, Byte.MIN_VALUE);
        Arrays.fill(max, Byte.MAX_VALUE);
        byte[][] bytes = {KernelTestSupport.randomBytes(random, n), min, max, new byte[n]};
        for (KernelTestSupport.Fill fill : KernelTestSupport.Fill.values()) {
          if (fill == KernelTestSupport.Fill.OVERFLOW) {
            continue; // a byte factor of 0 or 1 does not overflow; covered by LARGE_FINITE
          }
          float[] a = fill.make(random, n, 0);
          for (byte[] b : bytes) {
            double exact = 0;
            double absSum = 0;
            for (int i = 0; i < n; i++) {
              exact += (double) a[i] * b[i];
              absSum += Math.abs((double) a[i] * b[i]);
            }
            String what = impl.name() + " n=" + n + " " + fill;
            float scalar = KernelTestSupport.scalar().dotProduct(a, 0, b, 0, n);
            assertClose((float) exact, scalar, tolerance(n, absSum), "scalar vs exact " + what);
            assertClose(scalar, impl.dotProduct(a, 0, b, 0, n), 2 * tolerance(n, absSum), what);
            // The same at offsets into larger arrays.
            float[] pa = new float[n + 5];
            byte[] pb = new byte[n + 9];
            System.arraycopy(a, 0, pa, 5, n);
            System.arraycopy(b, 0, pb, 9, n);
            assertClose(scalar, impl.dotProduct(pa, 5, pb, 9, n), 2 * tolerance(n, absSum), "offsets " + what);
          }
        }
      }
    }
  }

  @Test
  void facadeChecksLengths() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VectorUtil.dotProduct(new float[3], new byte[4]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 != 4");
  }
}
