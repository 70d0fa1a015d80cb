package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Int8 kernels: Panama must equal the scalar twin exactly (integer sums are associative),
 * and the scalar twin must equal a long-precision reference, on random bytes and on the
 * extremes (-128 x -128 is the largest product, -128 vs 127 the largest difference).
 */
class ByteKernelsTest {
  private static final int[] COUNTS = {0, 1, 3, 4, 5, 9};

  private static byte[][] inputs(Random random, int n) {
    byte[] min = new byte[n];
    byte[] max = new byte[n];
    byte[] alternating = new byte[n];
    Arrays.fill(min, Byte.MIN_VALUE);
    Arrays.fill(max, Byte.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      alternating[i] = (i % 2 == 0) ? Byte.MIN_VALUE : Byte.MAX_VALUE;
    }
    return new byte[][] {
        KernelTestSupport.randomBytes(random, n), KernelTestSupport.randomBytes(random, n),
        min, max, alternating, new byte[n]};
  }

  @Test
  void pairsEqualScalarAndReferenceExactly() {
    Random random = new Random(3);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int n : KernelTestSupport.SIZES) {
        byte[][] in = inputs(random, n);
        for (byte[] a : in) {
          for (byte[] b : in) {
            long dot = 0;
            long l2 = 0;
            for (int i = 0; i < n; i++) {
              dot += a[i] * b[i];
              l2 += (a[i] - b[i]) * (a[i] - b[i]);
            }
            assertThat(impl.dotProduct(a, 0, b, 0, n)).as(impl.name() + " dot n=" + n).isEqualTo((int) dot);
            assertThat(impl.squareDistance(a, 0, b, 0, n)).as(impl.name() + " l2 n=" + n).isEqualTo((int) l2);
          }
        }
        // With offsets, on padded copies.
        byte[] a = pad(in[0], 3);
        byte[] b = pad(in[1], 6);
        assertThat(impl.dotProduct(a, 3, b, 6, n)).isEqualTo(KernelTestSupport.scalar().dotProduct(in[0], 0, in[1], 0, n));
        assertThat(impl.squareDistance(a, 3, b, 6, n)).isEqualTo(KernelTestSupport.scalar().squareDistance(in[0], 0, in[1], 0, n));
      }
    }
  }

  @Test
  void blocksEqualScalarPairsExactly() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(5);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int d : KernelTestSupport.SIZES) {
        for (int count : COUNTS) {
          int offset = 7;
          byte[] query = KernelTestSupport.randomBytes(random, d);
          byte[] data = KernelTestSupport.randomBytes(random, offset + count * d + 5);
          if (count > 0) {
            Arrays.fill(data, offset, offset + d, Byte.MIN_VALUE); // one extreme vector per block
          }
          int[] dot = new int[count];
          int[] l2 = new int[count];
          impl.dotProductBlock(query, data, offset, count, dot);
          impl.squareDistanceBlock(query, data, offset, count, l2);
          for (int v = 0; v < count; v++) {
            int base = offset + v * d;
            String what = impl.name() + " d=" + d + " count=" + count + " v=" + v;
            assertThat(dot[v]).as("dot " + what).isEqualTo(scalar.dotProduct(query, 0, data, base, d));
            assertThat(l2[v]).as("l2 " + what).isEqualTo(scalar.squareDistance(query, 0, data, base, d));
          }
        }
      }
    }
  }

  private static byte[] pad(byte[] v, int offset) {
    byte[] padded = new byte[v.length + offset + 9];
    Arrays.fill(padded, Byte.MIN_VALUE);
    System.arraycopy(v, 0, padded, offset, v.length);
    return padded;
  }
}
