package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-table PQ lookup-sum: every implementation against sums computed here, code by code
 * from a row-major copy, for every m in {@link KernelTestSupport#SIZES} (m = 1536 and 4096
 * overflow 16 bits and check the wrap), with code bytes 0 and 0xFF and table bytes 0 and 0xFF
 * (where a sign extension would go wrong), and every mask threshold that splits the block.
 */
class QuantizedPqLookupTest {
  private static final int B = VectorUtilSupport.PQ_BLOCK;

  @Test
  void sumsAndMaskMatchTheDefinition() {
    Random random = new Random(23);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int m : KernelTestSupport.SIZES) {
        byte[] table = KernelTestSupport.randomBytes(random, m * 256);
        Arrays.fill(table, 0, Math.min(table.length, 16), (byte) 0xFF);
        Arrays.fill(table, 240, Math.min(table.length, 256), (byte) 0);
        byte[] rowMajor = KernelTestSupport.randomBytes(random, B * m);
        Arrays.fill(rowMajor, 0, m, (byte) 0xFF);
        Arrays.fill(rowMajor, m, 2 * m, (byte) 0);
        int offset = 7;
        byte[] interleaved = KernelTestSupport.interleavedBlock(rowMajor, m, offset);
        int[] expected = new int[B];
        for (int i = 0; i < B; i++) {
          int sum = 0;
          for (int j = 0; j < m; j++) {
            sum += table[j * 256 + (rowMajor[i * m + j] & 0xFF)] & 0xFF;
          }
          expected[i] = sum & 0xFFFF;
        }
        int[] sorted = expected.clone();
        Arrays.sort(sorted);
        for (int maxSum : new int[] {0, sorted[0], sorted[B / 2], sorted[B - 1] - 1, 0xFFFF}) {
          short[] sums = new short[B];
          long mask = impl.pqLookupSumQuantized(table, interleaved, offset, m, maxSum, sums);
          long expectedMask = 0;
          for (int i = 0; i < B; i++) {
            String what = impl.name() + " m=" + m + " code " + i;
            assertThat(sums[i] & 0xFFFF).as(what).isEqualTo(expected[i]);
            if (expected[i] <= maxSum) {
              expectedMask |= 1L << i;
            }
          }
          assertThat(mask).as(impl.name() + " m=" + m + " maxSum=" + maxSum).isEqualTo(expectedMask);
        }
      }
    }
  }

  /**
   * Table quantization, for every m in {@link KernelTestSupport#SIZES}: the same bytes, minima
   * and step in every implementation, each entry within half a step of its float, for tables
   * of mixed signs, a constant table (no width:
   * all zeros) and fewer levels than 255.
   */
  @Test
  void quantizedTablesAreIdenticalAndWithinHalfAStep() {
    VectorUtilSupport scalar = KernelTestSupport.scalar();
    Random random = new Random(29);
    for (VectorUtilSupport impl : KernelTestSupport.bothAvailable()) {
      for (int m : KernelTestSupport.SIZES) {
        for (int levels : new int[] {255, 100, 1}) {
          for (boolean constant : new boolean[] {false, true}) {
            float[] table = new float[m * 256];
            for (int i = 0; i < table.length; i++) {
              table[i] = constant ? 0.75f : (random.nextFloat() - 0.3f) * (1 + i / 256 % 5);
            }
            float[] mins = new float[m];
            float[] scalarMins = new float[m];
            byte[] entries = new byte[m * 256];
            byte[] scalarEntries = new byte[m * 256];
            float step = impl.pqQuantizeTable(table, m, levels, mins, entries);
            float scalarStep = scalar.pqQuantizeTable(table, m, levels, scalarMins, scalarEntries);
            String what = impl.name() + " m=" + m + " levels=" + levels + " constant=" + constant;
            assertThat(step).as(what).isEqualTo(scalarStep);
            assertThat(mins).as(what).containsExactly(scalarMins);
            assertThat(entries).as(what).containsExactly(scalarEntries);
            for (int i = 0; i < table.length; i++) {
              int q = entries[i] & 0xFF;
              double error = Math.abs(mins[i / 256] + q * (double) step - table[i]);
              if (q > levels || error > step / 2 * 1.001 + 1e-6) {
                throw new AssertionError(what + " entry " + i + ": " + q + " steps of " + step + " from "
                    + mins[i / 256] + " for " + table[i]);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void facadeNamesTheShortArrayAndTheLimit() {
    byte[] table = new byte[4 * 256];
    assertThatThrownBy(() -> VectorUtil.pqLookupSumQuantized(table, new byte[4 * B - 1], 0, 4, 100, new short[B]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds data length " + (4 * B - 1));
    assertThatThrownBy(() -> VectorUtil.pqLookupSumQuantized(table, new byte[4 * B], 0, 5, 100, new short[B]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m * 256 = 1280");
    assertThatThrownBy(() -> VectorUtil.pqLookupSumQuantized(table, new byte[4 * B], 0, 4, 65536, new short[B]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSum must be in [0, 65535], was 65536");
    assertThatThrownBy(() -> VectorUtil.pqLookupSumQuantized(table, new byte[4 * B], 0, 4, 1, new short[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scores length 3");
    assertThatThrownBy(() -> VectorUtil.pqQuantizeTable(new float[4 * 256], 4, 0, new float[4], new byte[4 * 256]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("levels must be in [1, 255], was 0");
    assertThatThrownBy(() -> VectorUtil.pqQuantizeTable(new float[4 * 256], 4, 255, new float[3], new byte[4 * 256]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mins length 3 < m 4");
  }
}
