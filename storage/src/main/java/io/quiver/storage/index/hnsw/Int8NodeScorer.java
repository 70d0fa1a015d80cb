package io.quiver.storage.index.hnsw;

import io.quiver.storage.index.Int8VectorStore;
import io.quiver.storage.vector.VectorUtilSupport;
import io.quiver.storage.vector.VectorizationProvider;

/**
 * Approximate distances from the int8 copy of the vectors ({@link Int8VectorStore}): the query
 * is quantized the same way once per search, each node costs one int8 dot product over a
 * quarter of the float vector's bytes. Good enough to steer a graph walk; the walk's final
 * candidates are re-scored exactly by the caller. Not thread-safe; reused by one thread.
 */
final class Int8NodeScorer implements NodeScorer {
  private static final VectorUtilSupport KERNELS = VectorizationProvider.get();

  private final Int8VectorStore store;
  private final boolean l2;
  private final int dimension;
  private final byte[] query;
  private float queryScale;
  private float querySquareNorm;

  Int8NodeScorer(Int8VectorStore store, boolean l2) {
    this.store = store;
    this.l2 = l2;
    this.dimension = store.dimension();
    this.query = new byte[dimension];
  }

  /** Quantizes and binds {@code query} (already prepared for the metric); returns this scorer. */
  Int8NodeScorer bind(float[] vector) {
    queryScale = Int8VectorStore.quantize(vector, 0, dimension, query, 0);
    float norm = 0f;
    for (float x : vector) {
      norm += x * x;
    }
    querySquareNorm = norm;
    return this;
  }

  @Override
  public float distance(int node) {
    int dot = KERNELS.dotProduct(query, 0, store.chunkOf(node), store.offsetOf(node), dimension);
    float approx = queryScale * store.scale(node) * dot;
    return l2 ? querySquareNorm + store.squareNorm(node) - 2f * approx : -approx;
  }

  @Override
  public void distances(int[] nodes, int count, float[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = distance(nodes[i]);
    }
  }
}
