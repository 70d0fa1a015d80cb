package io.quiver.storage.scoring;

import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.vector.VectorSimilarity;
import io.quiver.storage.vector.VectorUtilSupport;
import io.quiver.storage.vector.VectorizationProvider;

/**
 * Exact distances between a query and stored vectors, or between two stored vectors, in the
 * form graph indexes want: <em>lower is closer</em> for every metric. L2 is the squared
 * distance; DOT and COSINE (unit vectors) are the negated dot product, so converting back to
 * the user's score is an exact negation ({@link #toScore}).
 *
 * <p>Reads vectors through {@link ChunkedVectorStore} without locks; see its thread-safety
 * note. Thread-safe.
 */
public final class VectorDistances {
  private static final VectorUtilSupport KERNELS = VectorizationProvider.get();

  private final ChunkedVectorStore vectors;
  private final boolean l2;
  private final int dimension;

  public VectorDistances(ChunkedVectorStore vectors, VectorSimilarity metric) {
    this.vectors = vectors;
    this.l2 = metric == VectorSimilarity.L2;
    this.dimension = vectors.dimension();
  }

  public ChunkedVectorStore vectors() {
    return vectors;
  }

  /** Distance from {@code query} (already prepared for the metric) to the vector at {@code ordinal}. */
  public float distance(float[] query, int ordinal) {
    float[] chunk = vectors.chunkOf(ordinal);
    int off = vectors.offsetOf(ordinal);
    return l2 ? KERNELS.squareDistance(query, 0, chunk, off, dimension)
        : -KERNELS.dotProduct(query, 0, chunk, off, dimension);
  }

  /**
   * Distances from {@code query} to {@code count} stored vectors {@code nodes[0..count)}, into
   * {@code out}, four at a time through the gathered kernel so that four vectors' cache
   * misses overlap. {@code rows}/{@code offsets}/{@code four} are the caller's scratch (length
   * 4), so this allocates nothing.
   */
  public void distances(float[] query, int[] nodes, int count, float[] out, float[][] rows, int[] offsets,
      float[] four) {
    for (int i = 0; i < count; i += 4) {
      // A last group of one to three repeats its last vector: a cache-hot repeat is cheaper
      // than falling back to one-at-a-time scoring.
      for (int k = 0; k < 4; k++) {
        int node = nodes[Math.min(i + k, count - 1)];
        rows[k] = vectors.chunkOf(node);
        offsets[k] = vectors.offsetOf(node);
      }
      if (l2) {
        KERNELS.squareDistance4(query, rows, offsets, four);
      } else {
        KERNELS.dotProduct4(query, rows, offsets, four);
      }
      int n = Math.min(4, count - i);
      for (int k = 0; k < n; k++) {
        out[i + k] = l2 ? four[k] : -four[k];
      }
    }
  }

  /** Distance between two stored vectors. */
  public float distance(int a, int b) {
    float[] ca = vectors.chunkOf(a);
    float[] cb = vectors.chunkOf(b);
    int oa = vectors.offsetOf(a);
    int ob = vectors.offsetOf(b);
    return l2 ? KERNELS.squareDistance(ca, oa, cb, ob, dimension) : -KERNELS.dotProduct(ca, oa, cb, ob, dimension);
  }

  /** The user-facing score of a distance: itself for L2, its negation for similarities. */
  public float toScore(float distance) {
    return l2 ? distance : -distance;
  }

  /** The distance of a user-facing score (inverse of {@link #toScore}). */
  public float fromScore(float score) {
    return l2 ? score : -score;
  }
}
