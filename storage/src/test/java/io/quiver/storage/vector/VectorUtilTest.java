package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The facade: argument checks with messages naming both sides, and small hand-computed
 * results through whichever implementation this JVM chose (so the scalar-fallback execution
 * runs it on the scalar path).
 */
class VectorUtilTest {
  private static final float[] A = {1, 2, 3};
  private static final float[] B = {4, -5, 6};

  @Test
  void floatResults() {
    assertThat(VectorUtil.dotProduct(A, B)).isEqualTo(12f);
    assertThat(VectorUtil.squareDistance(A, B)).isEqualTo(9f + 49f + 9f);
    assertThat(VectorUtil.norm(new float[] {3, 4})).isEqualTo(5f);
    assertThat(VectorUtil.cosine(A, B)).isCloseTo((float) (12 / Math.sqrt(14.0 * 77.0)), within(1e-6f));
    assertThat(VectorUtil.cosine(A, new float[3])).isZero();
    assertThat(VectorUtil.dotProduct(new float[] {9, 1, 2, 3}, 1, B, 0, 3)).isEqualTo(12f);
    assertThat(VectorUtil.squareDistance(A, 0, new float[] {0, 4, -5, 6}, 1, 3)).isEqualTo(67f);
  }

  @Test
  void blockResults() {
    float[] data = {0, 1, 2, 3, 4, -5, 6};
    float[] scores = new float[2];
    VectorUtil.dotProductBlock(A, data, 1, 2, scores);
    assertThat(scores).containsExactly(14f, 12f);
    VectorUtil.squareDistanceBlock(A, data, 1, 2, scores);
    assertThat(scores).containsExactly(0f, 67f);
    VectorUtil.cosineBlock(A, data, 1, 2, scores);
    assertThat(scores[0]).isCloseTo(1f, within(1e-6f));
    for (VectorSimilarity similarity : VectorSimilarity.values()) {
      similarity.scoreBlock(A, data, 1, 2, scores);
      assertThat(scores[1]).isEqualTo(similarity.score(A, B));
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = arena.allocate(4 + 6 * Float.BYTES);
      MemorySegment.copy(data, 1, segment, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4, 6);
      VectorUtil.dotProductBlock(A, segment, 4, 2, scores);
      assertThat(scores).containsExactly(14f, 12f);
      VectorUtil.squareDistanceBlock(A, segment, 4, 2, scores);
      assertThat(scores).containsExactly(0f, 67f);
      VectorUtil.cosineBlock(A, segment, 4, 2, scores);
      assertThat(scores[0]).isCloseTo(1f, within(1e-6f));
      VectorSimilarity.L2.scoreBlock(A, segment, 4, 2, scores);
      assertThat(scores).containsExactly(0f, 67f);
    }
  }

  @Test
  void int8AndPqResults() {
    byte[] a = {1, -128, 127};
    byte[] b = {2, -128, -128};
    assertThat(VectorUtil.dotProduct(a, b)).isEqualTo(2 + 16384 - 16256);
    assertThat(VectorUtil.squareDistance(a, b)).isEqualTo(1 + 0 + 255 * 255);
    int[] ints = new int[2];
    VectorUtil.dotProductBlock(a, new byte[] {0, 2, -128, -128, 1, -128, 127}, 1, 2, ints);
    assertThat(ints).containsExactly(2 + 16384 - 16256, 1 + 16384 + 127 * 127);
    VectorUtil.squareDistanceBlock(a, new byte[] {0, 2, -128, -128, 1, -128, 127}, 1, 2, ints);
    assertThat(ints).containsExactly(1 + 255 * 255, 0);

    float[] table = new float[2 * 256];
    table[7] = 0.5f;
    table[256 + 255] = 2f;
    assertThat(VectorUtil.pqLookupSum(table, new byte[] {9, 7, (byte) 0xFF}, 1, 2)).isEqualTo(2.5f);
    float[] pq = new float[2];
    VectorUtil.pqLookupSumBlock(table, new byte[] {7, (byte) 0xFF, 7, 0}, 0, 2, 2, pq);
    assertThat(pq).containsExactly(2.5f, 0.5f);
  }

  @Test
  void mismatchedLengthsNameBothLengths() {
    float[] four = new float[4];
    assertThatThrownBy(() -> VectorUtil.dotProduct(A, four))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3").hasMessageContaining("4");
    assertThatThrownBy(() -> VectorUtil.squareDistance(four, A)).hasMessageContaining("4 != 3");
    assertThatThrownBy(() -> VectorUtil.cosine(A, four)).hasMessageContaining("3 != 4");
    assertThatThrownBy(() -> VectorUtil.dotProduct(new byte[2], new byte[5])).hasMessageContaining("2 != 5");
    assertThatThrownBy(() -> VectorUtil.squareDistance(new byte[5], new byte[2])).hasMessageContaining("5 != 2");
    assertThatThrownBy(() -> VectorSimilarity.DOT.score(A, four)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outOfRangeArgumentsAreRejected() {
    float[] scores = new float[2];
    assertThatThrownBy(() -> VectorUtil.dotProduct(A, 1, B, 0, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 3");
    assertThatThrownBy(() -> VectorUtil.dotProductBlock(A, new float[5], 0, 2, scores))
        .hasMessageContaining("data length 5");
    assertThatThrownBy(() -> VectorUtil.squareDistanceBlock(A, new float[6], 0, 2, new float[1]))
        .hasMessageContaining("scores length 1 < count 2");
    assertThatThrownBy(() -> VectorUtil.cosineBlock(A, new float[6], -1, 1, scores))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VectorUtil.dotProductBlock(A, MemorySegment.ofArray(new float[5]), 0, 2, scores))
        .hasMessageContaining("segment size 20");
    assertThatThrownBy(() -> VectorUtil.pqLookupSum(new float[255], new byte[1], 0, 1))
        .hasMessageContaining("m * 256 = 256");
    assertThatThrownBy(() -> VectorUtil.pqLookupSumBlock(new float[512], new byte[3], 0, 2, 2, scores))
        .hasMessageContaining("data length 3");
    assertThatThrownBy(() -> VectorUtil.dotProductBlock(new byte[3], new byte[5], 0, 2, new int[2]))
        .hasMessageContaining("data length 5");
  }
}
