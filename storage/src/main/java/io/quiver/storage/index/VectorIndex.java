package io.quiver.storage.index;

import java.util.BitSet;
import java.util.List;

/**
 * The search structure of one collection, over the collection's ordinals. The collection owns
 * the vectors (a {@link ChunkedVectorStore}), the ids and the liveness of each ordinal; the
 * index decides how to find the nearest live ones.
 *
 * <p>Protocol: {@link #added} and {@link #removed} are called under the collection's write
 * lock, {@link #search} under its read lock. An ordinal passed to {@link #removed} is reused
 * by the collection only after the index releases it — at once when {@code removed} returns
 * true, or later through the {@link OrdinalReleaser} it was built with (a graph keeps a
 * removed node as a stepping stone until it has re-linked its neighbours).
 *
 * <p>Implementations are thread-safe under that protocol.
 */
public interface VectorIndex extends AutoCloseable {

  /** Receives ordinals an index no longer references, so the collection can reuse them. */
  @FunctionalInterface
  interface OrdinalReleaser {
    void release(int[] ordinals);
  }

  /** A new live vector was stored at {@code ordinal}. */
  void added(int ordinal);

  /**
   * A new live vector was stored at {@code ordinal}, handed over directly: indexes that do
   * not read the collection's in-memory vectors ({@link #keepsVectorsInMemory} false) keep
   * what they need of it. The collection calls this one; the default forwards to
   * {@link #added(int)}.
   */
  default void added(int ordinal, float[] vector) {
    added(ordinal);
  }

  /**
   * Whether the collection must keep every vector in its {@link ChunkedVectorStore} for this
   * index (true for FLAT and HNSW). When false, exact scans and returned vectors read the store.
   */
  default boolean keepsVectorsInMemory() {
    return true;
  }

  /**
   * {@code ordinal} is no longer live (deleted or replaced). Returns true when the ordinal may
   * be reused immediately.
   */
  boolean removed(int ordinal);

  /**
   * The {@code k} best ordinals among those set in {@code accept} (all below
   * {@code ordinalLimit}), best first, with scores in the metric's convention; ties ordered
   * by {@code ties}. Approximate indexes may return fewer than {@code k}; the collection then
   * falls back to an exact scan.
   */
  List<SearchHit> search(float[] query, int k, SearchParams params, BitSet accept, int ordinalLimit,
      TopKCollector.TieBreaker ties);

  /** Whether work is queued (e.g. vectors not yet linked into a graph). */
  boolean indexing();

  /** Heap bytes of the index structure, excluding the vectors the collection owns. */
  long ramBytesUsed();

  /** Stops background work. */
  @Override
  default void close() {}
}
