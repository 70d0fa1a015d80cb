package io.quiver.storage.vector;

import static io.quiver.storage.vector.KernelTestSupport.assertClose;
import static io.quiver.storage.vector.KernelTestSupport.tolerance;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PQ lookup-table sums: Panama against the scalar twin for every m in {@link
 * KernelTestSupport#SIZES}, random codes plus the code bytes 0 and 0xFF (the unsigned
 * extremes, where a sign-extension bug would index row j - 1), single and block.
 */
class PqLookupTest {
  private static final int[] COUNTS = {0, 1, 3, 5, 17};

  @Test
  void lookupSumsMatchScalar() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(9);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int m : KernelTestSupport.SIZES) {
        float[] table = new float[m * 256];
        for (int i = 0; i < table.length; i++) {
          table[i] = random.nextFloat() * 2 - 1;
        }
        for (int count : COUNTS) {
          int offset = 3;
          byte[] codes = KernelTestSupport.randomBytes(random, offset + count * m + 4);
          if (count > 1) {
            Arrays.fill(codes, offset, offset + m, (byte) 0xFF);
            Arrays.fill(codes, offset + m, offset + 2 * m, (byte) 0);
          }
          float[] scores = new float[count];
          impl.pqLookupSumBlock(table, codes, offset, count, m, scores);
          for (int v = 0; v < count; v++) {
            int at = offset + v * m;
            float expected = scalar.pqLookupSum(table, codes, at, m);
            double absSum = 0;
            double exact = 0;
            for (int j = 0; j < m; j++) {
              float entry = table[j * 256 + (codes[at + j] & 0xFF)];
              absSum += Math.abs(entry);
              exact += entry;
            }
            String what = impl.name() + " m=" + m + " count=" + count + " v=" + v;
            assertClose((float) exact, expected, tolerance(m, absSum), "scalar vs exact " + what);
            assertClose(expected, impl.pqLookupSum(table, codes, at, m), 2 * tolerance(m, absSum), "single " + what);
            assertClose(expected, scores[v], 2 * tolerance(m, absSum), "block " + what);
          }
        }
      }
    }
  }

  /**
   * Interleaved blocks give, lane by lane, exactly the float the single-code kernel gives for
   * the same code (same summation order); the block ends at the array's end, so a load past
   * it would throw.
   */
  @Test
  void interleavedBlocksEqualSingleCodeSums() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    int b = VectorUtilSupport.PQ_BLOCK;
    Random random = new Random(19);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int m : KernelTestSupport.SIZES) {
        float[] table = new float[m * 256];
        for (int i = 0; i < table.length; i++) {
          table[i] = random.nextFloat() * 2 - 1;
        }
        int offset = 5;
        byte[] rowMajor = KernelTestSupport.randomBytes(random, b * m);
        Arrays.fill(rowMajor, 0, m, (byte) 0xFF);
        Arrays.fill(rowMajor, m, 2 * m, (byte) 0);
        byte[] interleaved = KernelTestSupport.interleavedBlock(rowMajor, m, offset);
        float[] scores = new float[b];
        impl.pqLookupSumInterleaved(table, interleaved, offset, m, scores);
        for (int i = 0; i < b; i++) {
          float expected = scalar.pqLookupSum(table, rowMajor, i * m, m);
          if (Float.floatToIntBits(expected) != Float.floatToIntBits(scores[i])) {
            throw new AssertionError(impl.name() + " m=" + m + " lane " + i + ": expected "
                + expected + " but was " + scores[i]);
          }
        }
      }
    }
  }

  @Test
  void interleavedFacadeNamesTheShortArray() {
    float[] table = new float[4 * 256];
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VectorUtil.pqLookupSumInterleaved(table, new byte[4 * VectorUtilSupport.PQ_BLOCK - 1], 0, 4,
                new float[VectorUtilSupport.PQ_BLOCK]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds data length " + (4 * VectorUtilSupport.PQ_BLOCK - 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VectorUtil.pqLookupSumInterleaved(table, new byte[4 * VectorUtilSupport.PQ_BLOCK], 0, 4,
                new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores length 3");
  }
}
