package io.quiver.storage.kv;

import io.quiver.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KvStore} on RocksDB, one database per data directory with one column family per
 * {@link Column}. The write-ahead log is always on. Thread-safe: RocksDB handles concurrent
 * readers and writers; {@link #close} must not race with other calls.
 */
public final class RocksKvStore implements KvStore {
  private static final Logger log = LoggerFactory.getLogger(RocksKvStore.class);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final long blockCacheCapacity;
  private final Map<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
  private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final WriteOptions bufferedWrite = new WriteOptions().setSync(false);
  private volatile boolean closed;

  private RocksKvStore(Path dir, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
      LRUCache blockCache, long blockCacheCapacity, List<ColumnFamilyHandle> opened,
      List<ColumnFamilyDescriptor> descriptors) {
    this.dir = dir;
    this.blockCacheCapacity = blockCacheCapacity;
    this.db = db;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.blockCache = blockCache;
    allHandles.addAll(opened);
    for (int i = 0; i < descriptors.size(); i++) {
      String name = new String(descriptors.get(i).getName(), java.nio.charset.StandardCharsets.UTF_8);
      for (Column c : Column.values()) {
        if (c.familyName().equals(name)) {
          handles.put(c, opened.get(i));
        }
      }
    }
  }

  /**
   * Options that RocksJava has no setter for, set by name: the manifest records every WAL file
   * and its synced size, so a WAL lost or cut short (a bad disk, a wrong copy) fails the open
   * instead of silently losing acknowledged writes.
   */
  private static DBOptions baseOptions() {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("track_and_verify_wals_in_manifest", "true");
    DBOptions options = DBOptions.getDBOptionsFromProps(props);
    if (options == null) {
      log.warn("RocksDB did not accept track_and_verify_wals_in_manifest; WAL tracking is off");
      return new DBOptions();
    }
    return options;
  }

  /**
   * Opens (creating if needed) the store in {@code dir}. Fails with a
   * {@link StorageException} of reason FAILED_PRECONDITION when the directory cannot be
   * created or written, or is locked by another process.
   */
  public static RocksKvStore open(Path dir, long blockCacheBytes) {
    try {
      Files.createDirectories(dir);
    } catch (Exception e) {
      throw new StorageException(StorageException.Reason.FAILED_PRECONDITION,
          "data directory " + dir + " cannot be created: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new StorageException(StorageException.Reason.FAILED_PRECONDITION,
          "data directory " + dir + " is not a writable directory");
    }
    LRUCache cache = new LRUCache(blockCacheBytes);
    DBOptions dbOptions = baseOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setParanoidChecks(true)
        .setMaxBackgroundJobs(Math.max(2, Runtime.getRuntime().availableProcessors()))
        // Many concurrent synced writers share one fsync (RocksDB's own write grouping
        // complements the group commit above it).
        .setEnablePipelinedWrite(true)
        // Replay the WAL up to the first damaged record and stop there: never skip a record
        // and apply later ones (that could resurrect a deleted point).
        .setWalRecoveryMode(org.rocksdb.WALRecoveryMode.PointInTimeRecovery);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(pointLookupTables(cache));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(
          c.familyName().getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, opened);
      log.info("opened store at {}", dir.toAbsolutePath());
      return new RocksKvStore(dir, db, dbOptions, cfOptions, cache, blockCacheBytes, opened, descriptors);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      cache.close();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock")) {
        throw new StorageException(StorageException.Reason.FAILED_PRECONDITION,
            "data directory " + dir + " is locked by another process (" + msg + ")", e);
      }
      throw new StorageException(StorageException.Reason.FAILED_PRECONDITION,
          "cannot open store in " + dir + ": " + msg, e);
    }
  }

  private ColumnFamilyHandle cf(Column c) {
    if (closed) {
      throw new StorageException(StorageException.Reason.UNAVAILABLE, "store is closed");
    }
    return handles.get(c);
  }

  @Override
  public byte[] get(Column column, byte[] key) {
    try {
      return db.get(cf(column), key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public List<byte[]> multiGet(Column column, List<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      return db.multiGetAsList(Collections.nCopies(keys.size(), cf(column)), keys);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  @Override
  public KvCursor scan(Column column, byte[] from, byte[] to) {
    Slice upper = new Slice(to);
    ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
    RocksIterator it = db.newIterator(cf(column), options);
    it.seek(from);
    return new KvCursor() {
      @Override
      public boolean valid() {
        return it.isValid();
      }

      @Override
      public byte[] key() {
        return it.key();
      }

      @Override
      public byte[] value() {
        return it.value();
      }

      @Override
      public void next() {
        it.next();
      }

      @Override
      public void close() {
        it.close();
        options.close();
        upper.close();
      }
    };
  }

  @Override
  public void write(KvBatch batch, boolean sync) {
    try (WriteBatch wb = new WriteBatch()) {
      for (KvBatch.Op op : batch.ops()) {
        ColumnFamilyHandle h = cf(op.column());
        switch (op.kind()) {
          case PUT -> wb.put(h, op.key(), op.value());
          case DELETE -> wb.delete(h, op.key());
          case DELETE_RANGE -> wb.deleteRange(h, op.key(), op.end());
        }
      }
      db.write(sync ? syncWrite : bufferedWrite, wb);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  @Override
  public void checkpoint(Path target) {
    try (org.rocksdb.Checkpoint cp = org.rocksdb.Checkpoint.create(db)) {
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw failure("checkpoint", e);
    }
  }

  /**
   * Table options for a store read mostly by key (a get, an IVF-PQ re-rank of tens of points
   * per query): a Bloom filter per SST file so that a lookup skips the files that do not hold
   * its key instead of searching each one's index, index and filter blocks kept in the block
   * cache (pinned for level 0, which every lookup consults) so that they count against its
   * budget, and a hash index inside each data block, which finds a key in one probe instead
   * of a binary search. Applies to files written from now on; older files keep their format
   * and stay readable.
   */
  private static BlockBasedTableConfig pointLookupTables(LRUCache cache) {
    return new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(new BloomFilter(10))
        .setWholeKeyFiltering(true)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
  }

  /**
   * Opens a store read-only (a checkpoint being restored): nothing in {@code dir} is changed,
   * so its checksums stay valid.
   */
  public static RocksKvStore openReadOnly(Path dir) {
    LRUCache cache = new LRUCache(8L << 20);
    DBOptions dbOptions = new DBOptions().setParanoidChecks(true);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(
          c.familyName().getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    try {
      RocksDB db = RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, opened);
      return new RocksKvStore(dir, db, dbOptions, cfOptions, cache, 8L << 20, opened, descriptors);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      cache.close();
      throw new StorageException(StorageException.Reason.DATA_LOSS,
          "snapshot store in " + dir + " cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public long approximateDiskBytes() {
    try {
      long total = 0;
      for (ColumnFamilyHandle h : handles.values()) {
        total += db.getLongProperty(h, "rocksdb.total-sst-files-size");
        total += db.getLongProperty(h, "rocksdb.size-all-mem-tables");
      }
      return total;
    } catch (RocksDBException e) {
      return -1;
    }
  }

  /**
   * Reads RocksDB's properties: table and WAL file sizes, memtables, compaction backlog and
   * block cache use. Synchronized with {@link #close} so that a scrape racing a shutdown
   * never touches freed native handles; after close every value is -1.
   */
  @Override
  public synchronized KvStats stats() {
    if (closed) {
      return KvStats.UNAVAILABLE;
    }
    long sst = 0;
    long mem = 0;
    long pending = 0;
    long running;
    long wal = 0;
    try {
      for (ColumnFamilyHandle h : allHandles) {
        sst += db.getLongProperty(h, "rocksdb.total-sst-files-size");
        mem += db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables");
        pending += db.getLongProperty(h, "rocksdb.estimate-pending-compaction-bytes");
      }
      running = db.getLongProperty("rocksdb.num-running-compactions");
      for (var file : db.getSortedWalFiles()) {
        wal += file.sizeFileBytes();
      }
    } catch (RocksDBException e) {
      log.debug("reading store statistics failed: {}", e.getMessage());
      return KvStats.UNAVAILABLE;
    }
    return new KvStats(sst, wal, mem, pending, running, blockCache.getUsage(), blockCache.getPinnedUsage(),
        blockCacheCapacity);
  }

  private StorageException failure(String what, RocksDBException e) {
    return new StorageException(StorageException.Reason.UNAVAILABLE,
        "store " + what + " failed in " + dir + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, new ArrayList<>(handles.values()));
    } catch (RocksDBException e) {
      log.warn("flush on close failed (the WAL still holds every write): {}", e.getMessage());
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      log.debug("WAL sync on close: {}", e.getMessage());
    }
    closed = true;
    for (ColumnFamilyHandle h : allHandles) {
      h.close();
    }
    db.close();
    syncWrite.close();
    bufferedWrite.close();
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
    log.info("closed store at {}", dir.toAbsolutePath());
  }
}
