package io.quiver.storage.collection;

/**
 * When a write is acknowledged. Per collection, and per request only ever stricter.
 */
public enum Durability {
  /** After the write-ahead log is fsynced: survives a power loss. Writers arriving together share one fsync. */
  SYNC,
  /** After the write is in the write-ahead log's buffer: survives a process crash, not a power loss. */
  ASYNC;

  /** The stricter of this and {@code requested} (null: no request). */
  public Durability atLeast(Durability requested) {
    return requested == SYNC ? SYNC : this;
  }
}
