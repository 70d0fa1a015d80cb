package io.quiver.storage.collection;

/**
 * How a {@link Database} is opened.
 *
 * @param blockCacheBytes RocksDB block cache size
 * @param syncWrites allow fsyncs of the WAL (false: every write survives a process crash
 *     only, whatever its collection's durability; for benchmarks and tests)
 * @param indexSaveSeconds how often changed indexes are saved to disk, so a restart after a
 *     crash has little to relink
 */
public record DatabaseOptions(long blockCacheBytes, boolean syncWrites, int indexSaveSeconds) {
  /** 256 MiB cache, synced writes, indexes saved every 30 s. */
  public static final DatabaseOptions DEFAULTS = new DatabaseOptions(256L << 20, true, 30);

  /** Indexes saved every 30 s. */
  public DatabaseOptions(long blockCacheBytes, boolean syncWrites) {
    this(blockCacheBytes, syncWrites, 30);
  }
}
