package io.quiver.storage.index.ivf;

/**
 * How an IVF-PQ index reaches the full vectors, which the collection keeps in its store and
 * not in memory: for the exact re-rank of a search, and to stream every point when the
 * quantizers are retrained. Implemented by the collection; thread-safe.
 */
public interface StoredVectors {
  /**
   * The stored vectors of {@code ordinals[0 .. count)}, in order; an entry is null when that
   * ordinal no longer holds a live point.
   */
  float[][] read(int[] ordinals, int count);

  /**
   * Streams every live point whose stored vector is the one its ordinal was given, in
   * batches, to {@code sink}; called on the caller's thread with no lock held.
   */
  void scanLive(int batchSize, BatchSink sink);

  /** Receives {@code count} (ordinal, vector) pairs. */
  @FunctionalInterface
  interface BatchSink {
    void accept(int[] ordinals, float[][] vectors, int count);
  }
}
