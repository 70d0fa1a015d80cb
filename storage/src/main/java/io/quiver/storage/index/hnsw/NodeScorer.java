package io.quiver.storage.index.hnsw;

import io.quiver.storage.index.Int8VectorStore;
import io.quiver.storage.scoring.VectorDistances;
import io.quiver.storage.vector.VectorUtilSupport;
import io.quiver.storage.vector.VectorizationProvider;

/**
 * Distances from one query, bound beforehand, to graph nodes; lower is closer for every
 * metric. A graph walk is written against this so that the same code runs on the float
 * vectors (inserts) or on their int8 copy (searches of COSINE and DOT collections).
 *
 * <ul>
 *   <li><b>Float</b>: exact distances, four vectors per kernel call so that their cache misses
 *       overlap ({@link VectorDistances#distances}).
 *   <li><b>Int8</b>: approximate negated dot products from {@link Int8VectorStore}: one
 *       float-by-int8 dot product per node over a quarter of the float vector's bytes. The
 *       query stays in floats, so only the stored side is rounded. Good enough to steer a
 *       walk; the caller re-scores the walk's results exactly.
 * </ul>
 *
 * <p>One class with two modes rather than an interface with two implementations, on purpose:
 * inserts and searches share the walk's code, and with two receiver types at its hot call
 * site C2 compiled it for whichever type its profile saw first (the inserts') and trapped
 * and recompiled when the other came; searches then ran 0.5-1x their speed from run to run.
 * A final class keeps the call site monomorphic and both modes compiled.
 *
 * <p>Not thread-safe: one per {@link SearchScratch}.
 */
final class NodeScorer {
  private static final VectorUtilSupport KERNELS = VectorizationProvider.get();

  private final float[][] rows = new float[4][];
  private final int[] offsets = new int[4];
  private final float[] four = new float[4];
  private float[] query;
  /** Float mode. */
  private VectorDistances distances;
  /** Int8 mode (when not null). */
  private Int8VectorStore codes;
  private int dimension;

  /** Binds {@code query} (already prepared for the metric) for exact float distances. */
  NodeScorer bindFloat(VectorDistances distances, float[] query) {
    this.distances = distances;
    this.codes = null;
    this.query = query;
    return this;
  }

  /** Binds {@code query} (already prepared; COSINE or DOT) for approximate distances from {@code codes}. */
  NodeScorer bindInt8(Int8VectorStore codes, float[] query) {
    this.codes = codes;
    this.distances = null;
    this.dimension = codes.dimension();
    this.query = query;
    return this;
  }

  /** Distance from the bound query to {@code node}. */
  float distance(int node) {
    Int8VectorStore c = codes;
    return c != null ? int8Distance(c, node) : distances.distance(query, node);
  }

  /** The negated approximate dot product of the query with {@code node}'s int8 code. */
  private float int8Distance(Int8VectorStore c, int node) {
    return -c.scale(node) * KERNELS.dotProduct(query, 0, c.chunkOf(node), c.offsetOf(node), dimension);
  }

  /** Distances to {@code nodes[0 .. count)}, into {@code out}. */
  void distances(int[] nodes, int count, float[] out) {
    Int8VectorStore c = codes;
    if (c != null) {
      for (int i = 0; i < count; i++) {
        out[i] = int8Distance(c, nodes[i]);
      }
    } else {
      distances.distances(query, nodes, count, out, rows, offsets, four);
    }
  }
}
