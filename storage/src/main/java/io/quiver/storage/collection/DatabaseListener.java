package io.quiver.storage.collection;

import io.quiver.storage.kv.GroupCommitter;

/**
 * Observer of what the engine does, for metrics: collections appearing and going away,
 * applied writes, searches and group commits. The engine calls it on its own threads (the
 * group-commit thread for writes, the caller's thread for searches), so implementations must
 * be thread-safe and quick, and must not call back into the engine. Every method has a no-op
 * default.
 */
public interface DatabaseListener extends GroupCommitter.GroupCommitListener {
  /** No-op listener. */
  DatabaseListener NONE = new DatabaseListener() {};

  /** {@code collection} was loaded at open or created; it is usable from now on. */
  default void collectionOpened(Collection collection) {}

  /** {@code collection} was deleted; it will not be reported on again. */
  default void collectionDropped(Collection collection) {}

  /** An upsert of {@code points} points into {@code collection} became durable and visible. */
  default void upserted(Collection collection, int points) {}

  /** A delete removed {@code deleted} existing points (ids that did not exist are not counted). */
  default void deleted(Collection collection, int deleted) {}

  /**
   * A search ran. {@code plan} names how it was answered: {@link Collection#PLAN_EXACT} (a
   * full scan: FLAT, {@code exact=true}, or a graph search backed up by a scan) or
   * {@link Collection#PLAN_HNSW}.
   */
  default void searched(Collection collection, String plan, long nanos) {}

  /** A group of {@code writes} writes was written to the WAL (and synced) in {@code nanos}. */
  @Override
  default void onGroupWritten(int writes, long nanos) {}
}
