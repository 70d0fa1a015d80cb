package io.quiver.storage.kv;

/**
 * A point-in-time reading of the store's own statistics, for monitoring. A value of -1 means
 * the store cannot tell (closed, or an implementation without that statistic).
 *
 * @param sstFilesBytes bytes of table files on disk, all column families
 * @param walFilesBytes bytes of live write-ahead log files on disk
 * @param memtableBytes bytes held by memtables (written, not yet flushed to table files)
 * @param pendingCompactionBytes estimated bytes compaction still has to rewrite
 * @param runningCompactions compactions running now
 * @param blockCacheUsageBytes bytes held in the block cache
 * @param blockCachePinnedBytes bytes of the block cache pinned by readers
 * @param blockCacheCapacityBytes the block cache's configured size
 */
public record KvStats(long sstFilesBytes, long walFilesBytes, long memtableBytes, long pendingCompactionBytes,
    long runningCompactions, long blockCacheUsageBytes, long blockCachePinnedBytes, long blockCacheCapacityBytes) {

  /** Every value unknown. */
  public static final KvStats UNAVAILABLE = new KvStats(-1, -1, -1, -1, -1, -1, -1, -1);
}
