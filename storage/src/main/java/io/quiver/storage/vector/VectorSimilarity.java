package io.quiver.storage.vector;

import java.lang.foreign.MemorySegment;

/**
 * The three ways Quiver compares vectors, with one score convention: {@link #COSINE} and
 * {@link #DOT} return a similarity (higher is better), {@link #L2} returns the squared
 * Euclidean distance (lower is better).
 *
 * <p>COSINE assumes both vectors are already unit length (Quiver normalises once at write
 * time and once per query), so its score is a plain dot product. Thread-safe.
 */
public enum VectorSimilarity {
  /** Cosine similarity of unit vectors; higher is better. */
  COSINE(true),
  /** Inner product; higher is better. */
  DOT(true),
  /** Squared Euclidean distance; lower is better. */
  L2(false);

  private final boolean higherIsBetter;

  VectorSimilarity(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  /** Whether a larger score means a closer vector. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** Whether vectors must be normalised to unit length before they are stored or compared. */
  public boolean normalizes() {
    return this == COSINE;
  }

  /** The score of {@code a} against {@code b} under this metric. */
  public float score(float[] a, float[] b) {
    return switch (this) {
      case COSINE, DOT -> VectorUtil.dotProduct(a, b);
      case L2 -> VectorUtil.squareDistance(a, b);
    };
  }

  /**
   * Scores {@code query} against {@code count} vectors stored back to back in {@code data},
   * starting at float offset {@code offset}; writes {@code count} scores into {@code scores}.
   * The dimension is {@code query.length}.
   */
  public void scoreBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    switch (this) {
      case COSINE, DOT -> VectorUtil.dotProductBlock(query, data, offset, count, scores);
      case L2 -> VectorUtil.squareDistanceBlock(query, data, offset, count, scores);
    }
  }

  /**
   * Scores {@code query} against {@code count} vectors stored off-heap as little-endian floats
   * back to back from byte {@code byteOffset}; writes {@code count} scores into {@code scores}.
   */
  public void scoreBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    switch (this) {
      case COSINE, DOT -> VectorUtil.dotProductBlock(query, data, byteOffset, count, scores);
      case L2 -> VectorUtil.squareDistanceBlock(query, data, byteOffset, count, scores);
    }
  }

  /** Whether score {@code a} is strictly better than score {@code b}. */
  public boolean isBetter(float a, float b) {
    return higherIsBetter ? a > b : a < b;
  }
}
