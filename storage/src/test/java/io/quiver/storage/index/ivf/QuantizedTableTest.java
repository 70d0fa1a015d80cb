package io.quiver.storage.index.ivf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quantized table against the float table it came from: every code's estimate within half
 * a unit per sub-quantizer of the exact float sum, sums that fit 16 bits even for large m, and a
 * mask bound that never drops a code whose estimate is below the threshold.
 */
class QuantizedTableTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 8, 48, 98, 256, 300, 1024})
  void estimatesStayWithinHalfAUnitPerSubQuantizer(int m) {
    Random random = new Random(m);
    float[] table = new float[m * 256];
    for (int i = 0; i < table.length; i++) {
      // Sub-tables of different widths and offsets, as residual tables are.
      table[i] = (i / 256 % 7) * 0.3f + random.nextFloat() * (1 + i / 256 % 3);
    }
    QuantizedTable q = new QuantizedTable();
    q.quantize(table, m);
    float widest = 0f;
    for (int j = 0; j < m; j++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < 256; c++) {
        min = Math.min(min, table[j * 256 + c]);
        max = Math.max(max, table[j * 256 + c]);
      }
      widest = Math.max(widest, max - min);
    }
    int levels = Math.min(255, 65535 / m);
    double unit = widest / levels;
    for (int trial = 0; trial < 200; trial++) {
      double exact = 0;
      int sum = 0;
      for (int j = 0; j < m; j++) {
        int c = random.nextInt(256);
        exact += table[j * 256 + c];
        int entry = q.entries()[j * 256 + c] & 0xFF;
        assertThat(entry).isLessThanOrEqualTo(levels);
        sum += entry;
      }
      assertThat(sum).as("fits the kernel's 16 bits").isLessThanOrEqualTo(0xFFFF);
      assertThat((double) q.estimate(0f, sum)).isCloseTo(exact, org.assertj.core.data.Offset.offset(m * unit / 2 + 1e-3 * Math.abs(exact) + 1e-4));
      float base = 0.25f;
      float estimate = q.estimate(base, sum);
      float threshold = Math.nextUp(estimate);
      assertThat(q.maxSumBelow(base, threshold)).as("a code just under the threshold passes the mask")
          .isGreaterThanOrEqualTo(sum);
    }
    assertThat(q.maxSumBelow(0f, Float.POSITIVE_INFINITY)).isEqualTo(0xFFFF);
    assertThat(q.maxSumBelow(0f, q.estimate(0f, 0))).as("nothing is below the smallest estimate").isEqualTo(-1);
  }
}
