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

  /** A listener that tells {@code first}, then {@code second}, of every event. */
  static DatabaseListener both(DatabaseListener first, DatabaseListener second) {
    if (second == NONE) {
      return first;
    }
    if (first == NONE) {
      return second;
    }
    return new DatabaseListener() {
      @Override
      public void collectionOpened(Collection collection) {
        first.collectionOpened(collection);
        second.collectionOpened(collection);
      }

      @Override
      public void collectionDropped(Collection collection) {
        first.collectionDropped(collection);
        second.collectionDropped(collection);
      }

      @Override
      public void upserted(Collection collection, int points) {
        first.upserted(collection, points);
        second.upserted(collection, points);
      }

      @Override
      public void deleted(Collection collection, int deleted) {
        first.deleted(collection, deleted);
        second.deleted(collection, deleted);
      }

      @Override
      public void searched(Collection collection, String plan, long nanos) {
        first.searched(collection, plan, nanos);
        second.searched(collection, plan, nanos);
      }

      @Override
      public void indexWork(Collection collection, String operation, int items, long nanos) {
        first.indexWork(collection, operation, items, nanos);
        second.indexWork(collection, operation, items, nanos);
      }

      @Override
      public void onGroupWritten(int writes, long nanos) {
        first.onGroupWritten(writes, nanos);
        second.onGroupWritten(writes, nanos);
      }

      @Override
      public void onWritesStopped(io.quiver.storage.StorageException reason) {
        first.onWritesStopped(reason);
        second.onWritesStopped(reason);
      }
    };
  }

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

  /**
   * The index of {@code collection} did background work: {@code operation} is one of the
   * {@link io.quiver.storage.index.IndexEvents} names (link, consolidate, save, load), on
   * {@code items} nodes, in {@code nanos}.
   */
  default void indexWork(Collection collection, String operation, int items, long nanos) {}

  /** A group of {@code writes} writes was written to the WAL (and synced) in {@code nanos}. */
  @Override
  default void onGroupWritten(int writes, long nanos) {}
}
