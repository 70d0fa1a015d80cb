package io.quiver.storage.index.hnsw;

import io.quiver.storage.scoring.VectorDistances;

/**
 * Exact float distances to nodes, four vectors per kernel call so that their cache misses
 * overlap (see {@link VectorDistances#distances}). Not thread-safe; reused by one thread.
 */
final class FloatNodeScorer implements NodeScorer {
  private final VectorDistances distances;
  private final float[][] rows = new float[4][];
  private final int[] offsets = new int[4];
  private final float[] four = new float[4];
  private float[] query;

  FloatNodeScorer(VectorDistances distances) {
    this.distances = distances;
  }

  /** Binds {@code query} (already prepared for the metric) and returns this scorer. */
  FloatNodeScorer bind(float[] query) {
    this.query = query;
    return this;
  }

  @Override
  public float distance(int node) {
    return distances.distance(query, node);
  }

  @Override
  public void distances(int[] nodes, int count, float[] out) {
    distances.distances(query, nodes, count, out, rows, offsets, four);
  }
}
