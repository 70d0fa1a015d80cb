package io.quiver.storage.vector;

/**
 * The public entry point to Quiver's distance kernels. It checks its arguments and throws
 * {@link IllegalArgumentException} naming both lengths; the implementation behind it
 * trusts its input. Thread-safe (stateless).
 */
public final class VectorUtil {
  private VectorUtil() {}

  /** Dot product of two vectors of the same length. */
  public static float dotProduct(float[] a, float[] b) {
    checkSameLength(a.length, b.length);
    float sum = 0f;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Squared Euclidean distance between two vectors of the same length. */
  public static float squareDistance(float[] a, float[] b) {
    checkSameLength(a.length, b.length);
    float sum = 0f;
    for (int i = 0; i < a.length; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  /** Euclidean norm of {@code a}. */
  public static float norm(float[] a) {
    double sum = 0;
    for (float v : a) {
      sum += (double) v * v;
    }
    return (float) Math.sqrt(sum);
  }

  /**
   * Dot products of {@code query} with {@code count} vectors of {@code query.length}
   * components stored back to back in {@code data} from float offset {@code offset}.
   */
  public static void dotProductBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    checkBlock(query, data, offset, count, scores);
    int d = query.length;
    for (int v = 0; v < count; v++) {
      float sum = 0f;
      int base = offset + v * d;
      for (int i = 0; i < d; i++) {
        sum += query[i] * data[base + i];
      }
      scores[v] = sum;
    }
  }

  /** Squared distances of {@code query} to a block of vectors; see {@link #dotProductBlock}. */
  public static void squareDistanceBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    checkBlock(query, data, offset, count, scores);
    int d = query.length;
    for (int v = 0; v < count; v++) {
      float sum = 0f;
      int base = offset + v * d;
      for (int i = 0; i < d; i++) {
        float diff = query[i] - data[base + i];
        sum += diff * diff;
      }
      scores[v] = sum;
    }
  }

  private static void checkSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("vector lengths differ: " + a + " != " + b);
    }
  }

  private static void checkBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    long end = offset + (long) count * query.length;
    if (offset < 0 || count < 0 || end > data.length) {
      throw new IllegalArgumentException("block of " + count + " vectors of length " + query.length
          + " at offset " + offset + " exceeds data length " + data.length);
    }
    if (scores.length < count) {
      throw new IllegalArgumentException("scores length " + scores.length + " < count " + count);
    }
  }
}
