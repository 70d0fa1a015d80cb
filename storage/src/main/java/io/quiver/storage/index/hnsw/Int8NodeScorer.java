package io.quiver.storage.index.hnsw;

import io.quiver.storage.index.Int8VectorStore;
import io.quiver.storage.vector.VectorUtilSupport;
import io.quiver.storage.vector.VectorizationProvider;

/**
 * Approximate distances (negated dot products: DOT and COSINE collections only) from the int8
 * copy of the vectors ({@link Int8VectorStore}): each node
 * costs one float-by-int8 dot product over a quarter of the float vector's bytes. The query
 * stays in floats (asymmetric: only the stored side is rounded, half the error of quantizing
 * both). Good enough to steer a graph walk; the walk's final candidates are re-scored exactly
 * by the caller. Not thread-safe; reused by one thread.
 */
final class Int8NodeScorer implements NodeScorer {
  private static final VectorUtilSupport KERNELS = VectorizationProvider.get();

  private final Int8VectorStore store;
  private final int dimension;
  private float[] query;

  Int8NodeScorer(Int8VectorStore store) {
    this.store = store;
    this.dimension = store.dimension();
  }

  /** Binds {@code query} (already prepared for the metric); returns this scorer. */
  Int8NodeScorer bind(float[] vector) {
    query = vector;
    return this;
  }

  @Override
  public float distance(int node) {
    // DOT and COSINE (unit vectors): the distance is the negated similarity.
    return -store.scale(node) * KERNELS.dotProduct(query, 0, store.chunkOf(node), store.offsetOf(node), dimension);
  }

  @Override
  public void distances(int[] nodes, int count, float[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = distance(nodes[i]);
    }
  }
}
