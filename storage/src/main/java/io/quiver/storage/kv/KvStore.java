package io.quiver.storage.kv;

import java.util.List;

/**
 * The durable key-value store under Quiver: the only interface through which the engine
 * touches RocksDB. Implementations are thread-safe.
 */
public interface KvStore extends AutoCloseable {
  /** The value stored under {@code key}, or null. */
  byte[] get(Column column, byte[] key);

  /** Values for several keys at once, in order; null where absent. */
  List<byte[]> multiGet(Column column, List<byte[]> keys);

  /** Iterates keys in [{@code from}, {@code to}) in bytewise order. */
  KvCursor scan(Column column, byte[] from, byte[] to);

  /**
   * Applies {@code batch} atomically. With {@code sync} the call returns only after the
   * write-ahead log is synced to disk, so the batch survives a power loss.
   */
  void write(KvBatch batch, boolean sync);

  /** Approximate bytes on disk for the whole store. */
  long approximateDiskBytes();

  /** The store's statistics for monitoring; {@link KvStats#UNAVAILABLE} when it has none. */
  default KvStats stats() {
    return KvStats.UNAVAILABLE;
  }

  /**
   * Writes a consistent, point-in-time copy of the whole store into {@code dir} (which must not
   * exist), cheaply: unchanged files are hard-linked.
   */
  default void checkpoint(java.nio.file.Path dir) {
    throw new UnsupportedOperationException("this store cannot make checkpoints");
  }

  /** Flushes memtables and closes; every synced write is already durable. */
  @Override
  void close();
}
