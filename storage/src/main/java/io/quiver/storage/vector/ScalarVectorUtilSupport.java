package io.quiver.storage.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The plain-Java kernels: one simple loop per kernel, summing in index order. This is the
 * reference the Panama kernels are tested against, and the fallback when the Vector API is
 * missing or would be slow, so it stays obviously correct rather than clever. (C2 does not
 * auto-vectorise these float reductions because that would change the rounding; that is
 * expected.) Stateless and thread-safe.
 */
public final class ScalarVectorUtilSupport implements VectorUtilSupport {

  /** Floats in off-heap blocks: little-endian, no alignment required. */
  static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Creates the scalar kernels; prefer {@link VectorizationProvider#scalar()}. */
  public ScalarVectorUtilSupport() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  @Override
  public void dotProduct4(float[] query, float[][] data, int[] offsets, float[] scores) {
    for (int k = 0; k < 4; k++) {
      scores[k] = dotProduct(query, 0, data[k], offsets[k], query.length);
    }
  }

  @Override
  public void squareDistance4(float[] query, float[][] data, int[] offsets, float[] scores) {
    for (int k = 0; k < 4; k++) {
      scores[k] = squareDistance(query, 0, data[k], offsets[k], query.length);
    }
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      float diff = a[aOffset + i] - b[bOffset + i];
      sum += diff * diff;
    }
    return sum;
  }

  @Override
  public float cosine(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float dot = 0f;
    float normA = 0f;
    float normB = 0f;
    for (int i = 0; i < length; i++) {
      float x = a[aOffset + i];
      float y = b[bOffset + i];
      dot += x * y;
      normA += x * x;
      normB += y * y;
    }
    return VectorUtilSupport.cosineFromParts(dot, normA, normB);
  }

  @Override
  public float squareNorm(float[] a, int offset, int length) {
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      float x = a[offset + i];
      sum += x * x;
    }
    return sum;
  }

  @Override
  public void dotProductBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      scores[v] = dotProduct(query, 0, data, offset + v * d, d);
    }
  }

  @Override
  public void squareDistanceBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      scores[v] = squareDistance(query, 0, data, offset + v * d, d);
    }
  }

  @Override
  public void cosineBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    int d = query.length;
    float queryNorm = squareNorm(query, 0, d);
    for (int v = 0; v < count; v++) {
      int base = offset + v * d;
      scores[v] = VectorUtilSupport.cosineFromParts(
          dotProduct(query, 0, data, base, d), queryNorm, squareNorm(data, base, d));
    }
  }

  @Override
  public void dotProductBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      long base = byteOffset + (long) v * d * Float.BYTES;
      float sum = 0f;
      for (int i = 0; i < d; i++) {
        sum += query[i] * data.get(FLOAT_LE, base + (long) i * Float.BYTES);
      }
      scores[v] = sum;
    }
  }

  @Override
  public void squareDistanceBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      long base = byteOffset + (long) v * d * Float.BYTES;
      float sum = 0f;
      for (int i = 0; i < d; i++) {
        float diff = query[i] - data.get(FLOAT_LE, base + (long) i * Float.BYTES);
        sum += diff * diff;
      }
      scores[v] = sum;
    }
  }

  @Override
  public void cosineBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    int d = query.length;
    float queryNorm = squareNorm(query, 0, d);
    for (int v = 0; v < count; v++) {
      long base = byteOffset + (long) v * d * Float.BYTES;
      float dot = 0f;
      float norm = 0f;
      for (int i = 0; i < d; i++) {
        float y = data.get(FLOAT_LE, base + (long) i * Float.BYTES);
        dot += query[i] * y;
        norm += y * y;
      }
      scores[v] = VectorUtilSupport.cosineFromParts(dot, queryNorm, norm);
    }
  }

  @Override
  public int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  @Override
  public int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      int diff = a[aOffset + i] - b[bOffset + i];
      sum += diff * diff;
    }
    return sum;
  }

  @Override
  public void dotProductBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      scores[v] = dotProduct(query, 0, data, offset + v * d, d);
    }
  }

  @Override
  public void squareDistanceBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    int d = query.length;
    for (int v = 0; v < count; v++) {
      scores[v] = squareDistance(query, 0, data, offset + v * d, d);
    }
  }

  @Override
  public float pqLookupSum(float[] table, byte[] codes, int codesOffset, int m) {
    float sum = 0f;
    for (int j = 0; j < m; j++) {
      sum += table[j * 256 + (codes[codesOffset + j] & 0xFF)];
    }
    return sum;
  }

  @Override
  public void pqLookupSumBlock(float[] table, byte[] codes, int codesOffset, int count, int m, float[] scores) {
    for (int v = 0; v < count; v++) {
      scores[v] = pqLookupSum(table, codes, codesOffset + v * m, m);
    }
  }

  @Override
  public void pqLookupSumInterleaved(float[] table, byte[] codes, int codesOffset, int m, float[] scores) {
    for (int i = 0; i < PQ_BLOCK; i++) {
      float sum = 0f;
      for (int j = 0; j < m; j++) {
        sum += table[j * 256 + (codes[codesOffset + j * PQ_BLOCK + i] & 0xFF)];
      }
      scores[i] = sum;
    }
  }

  @Override
  public float pqQuantizeTable(float[] table, int m, int levels, float[] mins, byte[] entries) {
    float widest = 0f;
    for (int j = 0; j < m; j++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = j * 256, end = i + 256; i < end; i++) {
        float t = table[i];
        min = t < min ? t : min;
        max = t > max ? t : max;
      }
      mins[j] = min;
      widest = Math.max(widest, max - min);
    }
    float scale = widest > 0f ? levels / widest : 0f;
    for (int j = 0; j < m; j++) {
      float min = mins[j];
      for (int i = j * 256, end = i + 256; i < end; i++) {
        entries[i] = (byte) Math.min(levels, roundToInt((table[i] - min) * scale));
      }
    }
    return widest / levels;
  }

  /**
   * {@code x} rounded half to even, for {@code 0 <= x < 2^22}: adding 2^23 leaves the rounded
   * integer in the low mantissa bits (the add itself rounds). The Panama twin does the same
   * add on every lane, avoiding a float-to-int conversion and its out-of-range fix-ups.
   */
  public static int roundToInt(float x) {
    return Float.floatToRawIntBits(x + ROUNDING_BIAS) - ROUNDING_BIAS_BITS;
  }

  /** 2^23, and its bit pattern. */
  public static final float ROUNDING_BIAS = 0x1.0p23f;
  public static final int ROUNDING_BIAS_BITS = 0x4B000000;

  @Override
  public long pqLookupSumQuantized(byte[] table, byte[] codes, int codesOffset, int m, int maxSum, short[] sums) {
    long under = 0;
    for (int i = 0; i < PQ_BLOCK; i++) {
      int sum = 0;
      for (int j = 0; j < m; j++) {
        sum += table[j * 256 + (codes[codesOffset + j * PQ_BLOCK + i] & 0xFF)] & 0xFF;
      }
      sums[i] = (short) sum;
      if ((sum & 0xFFFF) <= maxSum) {
        under |= 1L << i;
      }
    }
    return under;
  }

  @Override
  public float dotProduct(float[] a, int aOffset, byte[] b, int bOffset, int length) {
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }
}
