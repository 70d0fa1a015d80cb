package io.quiver.storage.index.flat;

import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.index.SearchHit;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.index.TopKCollector;
import io.quiver.storage.index.VectorIndex;
import io.quiver.storage.vector.VectorSimilarity;
import java.util.BitSet;
import java.util.List;

/**
 * Exact search: scores the query against every live vector, a chunk at a time through the
 * block kernel, and keeps the top k. It is the index of small collections, the plan for very
 * selective filters, and the oracle every approximate index is tested against.
 *
 * <p>Stateless apart from its references; thread-safe as long as the caller holds the
 * collection's read lock while it runs.
 */
public final class FlatIndex implements VectorIndex {
  private final ChunkedVectorStore vectors;
  private final VectorSimilarity metric;

  public FlatIndex(ChunkedVectorStore vectors, VectorSimilarity metric) {
    this.vectors = vectors;
    this.metric = metric;
  }

  @Override
  public void added(int ordinal) {}

  @Override
  public boolean removed(int ordinal) {
    return true; // nothing refers to it
  }

  @Override
  public boolean indexing() {
    return false;
  }

  @Override
  public long ramBytesUsed() {
    return 0;
  }

  @Override
  public List<SearchHit> search(float[] query, int k, SearchParams params, BitSet accept, int ordinalLimit,
      TopKCollector.TieBreaker ties) {
    return search(query, k, accept, ordinalLimit, null, ties);
  }

  /**
   * The {@code k} best of the ordinals set in {@code accept} (below {@code maxOrdinal}), best
   * first; equal scores ordered by {@code ties}. With a {@code threshold}, hits worse than it
   * are dropped (score &lt; threshold for similarities, distance &gt; threshold for L2).
   */
  public List<SearchHit> search(float[] query, int k, BitSet accept, int maxOrdinal,
      Float threshold, TopKCollector.TieBreaker ties) {
    TopKCollector top = new TopKCollector(k, metric.higherIsBetter(), ties);
    if ((long) accept.cardinality() * SPARSE_RATIO < maxOrdinal) {
      return searchSparse(query, accept, maxOrdinal, threshold, top);
    }
    int perChunk = vectors.vectorsPerChunk();
    float[] scores = new float[perChunk];
    for (int base = 0; base < maxOrdinal; base += perChunk) {
      int count = Math.min(perChunk, maxOrdinal - base);
      // Skip chunks with nothing live (common after bulk deletes).
      int firstLive = accept.nextSetBit(base);
      if (firstLive < 0) {
        break;
      }
      if (firstLive >= base + count) {
        continue;
      }
      metric.scoreBlock(query, vectors.chunkOf(base), vectors.offsetOf(base), count, scores);
      for (int i = accept.nextSetBit(base); i >= 0 && i < base + count; i = accept.nextSetBit(i + 1)) {
        float score = scores[i - base];
        if (threshold != null && metric.isBetter(threshold, score)) {
          continue;
        }
        top.offer(i, score);
      }
    }
    return top.drainBestFirst();
  }

  /**
   * Below one accepted ordinal in this many, scoring whole chunks wastes most of the work:
   * the accepted vectors are gathered instead (a gathered vector costs about two streamed
   * ones: a random read and a copy). With 16 here a 10% filter scored all 32k vectors of
   * debian-packages-minilm instead of its 3.5k matches.
   */
  private static final int SPARSE_RATIO = 3;
  private static final int GATHER = 256;

  /**
   * Sparse accept-sets (a selective filter): copy the accepted vectors into one contiguous
   * block, {@value #GATHER} at a time, and score each block with the block kernel, so the
   * SIMD loop runs over only the points that can be returned.
   */
  private List<SearchHit> searchSparse(float[] query, BitSet accept, int maxOrdinal, Float threshold,
      TopKCollector top) {
    int dim = vectors.dimension();
    float[] block = new float[GATHER * dim];
    float[] scores = new float[GATHER];
    int[] ords = new int[GATHER];
    int n = 0;
    for (int o = accept.nextSetBit(0); ; o = accept.nextSetBit(o + 1)) {
      boolean end = o < 0 || o >= maxOrdinal;
      if (!end) {
        System.arraycopy(vectors.chunkOf(o), vectors.offsetOf(o), block, n * dim, dim);
        ords[n++] = o;
      }
      if (n == GATHER || (end && n > 0)) {
        metric.scoreBlock(query, block, 0, n, scores);
        for (int i = 0; i < n; i++) {
          if (threshold == null || !metric.isBetter(threshold, scores[i])) {
            top.offer(ords[i], scores[i]);
          }
        }
        n = 0;
      }
      if (end) {
        break;
      }
    }
    return top.drainBestFirst();
  }
}
