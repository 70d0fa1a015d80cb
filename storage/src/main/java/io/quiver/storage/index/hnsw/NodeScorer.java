package io.quiver.storage.index.hnsw;

/**
 * Distances from one query, bound beforehand, to graph nodes; lower is closer for every
 * metric. A graph search is written against this so that the same walk runs on the float
 * vectors (inserts, and exact scoring) or on their int8 copy (searches, see {@link
 * Int8NodeScorer}). Implementations hold per-thread state: one per {@link SearchScratch}.
 */
interface NodeScorer {
  /** Distance from the bound query to {@code node}. */
  float distance(int node);

  /** Distances to {@code nodes[0 .. count)}, into {@code out}. */
  void distances(int[] nodes, int count, float[] out);
}
