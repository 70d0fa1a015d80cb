package io.quiver.storage.index.hnsw;

/**
 * Per-thread working memory of a graph search or insert: visited marks, the two heaps and a
 * neighbour buffer, reused across calls so a search allocates nothing. Not thread-safe.
 */
final class SearchScratch {
  final VisitedSet visited = new VisitedSet();
  /** Nodes still to expand, closest first. */
  final NodeQueue candidates = new NodeQueue(256, false);
  /** Best nodes found so far, farthest on top so it is the one evicted. */
  final NodeQueue results = new NodeQueue(256, true);
  /** Unvisited neighbours of the node being expanded, and their distances. */
  int[] batch = new int[256];
  float[] batchDistances = new float[256];
  int[] neighbors = new int[64];
  float[] distances = new float[64];
  int[] order = new int[64];

  private float[] target = new float[0];
  /** The walk's scorer, rebound for every search or insert. */
  final NodeScorer scorer = new NodeScorer();
  /**
   * A second scorer, for exact distances to another target while {@link #scorer} is bound:
   * the int8 walk's re-score, an insert's neighbour pruning.
   */
  final NodeScorer exactScorer = new NodeScorer();

  /** A copy of {@code node}'s vector in a reused buffer (a query for gathered scoring). */
  float[] targetVector(io.quiver.storage.index.ChunkedVectorStore vectors, int node) {
    if (target.length != vectors.dimension()) {
      target = new float[vectors.dimension()];
    }
    System.arraycopy(vectors.chunkOf(node), vectors.offsetOf(node), target, 0, target.length);
    return target;
  }

  /** The results of an int8 walk being re-scored exactly. */
  int[] rerankNodes = new int[0];
  float[] rerankDistances = new float[0];

  void ensureRerank(int n) {
    if (rerankNodes.length < n) {
      rerankNodes = new int[n];
      rerankDistances = new float[n];
    }
  }

  void ensureBuffers(int n) {
    if (neighbors.length < n) {
      neighbors = new int[n];
      distances = new float[n];
      order = new int[n];
    }
  }
}
