package io.quiver.storage.collection;

/**
 * How a {@link Database} is opened.
 *
 * @param blockCacheBytes RocksDB block cache size
 * @param syncWrites fsync the WAL before acknowledging a write (true: survives power loss;
 *     false: survives a process crash only)
 */
public record DatabaseOptions(long blockCacheBytes, boolean syncWrites) {
  /** 256 MiB cache, synced writes. */
  public static final DatabaseOptions DEFAULTS = new DatabaseOptions(256L << 20, true);
}
