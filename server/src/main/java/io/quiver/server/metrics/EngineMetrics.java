package io.quiver.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseListener;
import io.quiver.storage.kv.KvStats;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The engine's meters, fed by the storage layer's {@link DatabaseListener} and
 * {@link KvStats} (storage itself knows nothing of Micrometer).
 *
 * <p>Per collection (label {@code collection}; memory also {@code index}): points, memory,
 * upserted and deleted points, upsert batch sizes and search latency per plan. They are
 * registered when a collection is loaded or created and removed when it is deleted, so the
 * label values are exactly the live collections. Store-wide: WAL group size and sync time,
 * RocksDB file sizes, compaction backlog and block cache, the data volume's free space.
 *
 * <p>Thread-safe.
 */
public final class EngineMetrics implements DatabaseListener {
  private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000};
  private static final double[] GROUP_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private final MeterRegistry registry;
  private final Map<Collection, CollectionMeters> collections = new ConcurrentHashMap<>();
  private final DistributionSummary groupSize;
  private final Timer syncDuration;

  EngineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.groupSize = DistributionSummary.builder("quiver.wal.group.size")
        .description("Writes joined into one group commit (one WAL write and one fsync)")
        .serviceLevelObjectives(GROUP_BUCKETS)
        .register(registry);
    this.syncDuration = Timer.builder("quiver.wal.sync.duration")
        .description("Time to write one group to the RocksDB WAL and fsync it (no fsync when storage.sync_writes is false)")
        .serviceLevelObjectives(GrpcMetrics.LATENCY_BUCKETS)
        .register(registry);
    Gauge.builder("quiver.collections", collections, Map::size)
        .description("Collections loaded")
        .register(registry);
  }

  /**
   * Registers the store-wide gauges of an open database: RocksDB statistics (read at most
   * once a second, whatever the number of gauges and scrapers) and the data volume's space.
   */
  public void bindStore(Database db, Path dataDir) {
    StatsCache stats = new StatsCache(db);
    storeGauge(stats, "quiver.rocksdb.sst.files", "Bytes of RocksDB table (SST) files on disk", KvStats::sstFilesBytes);
    storeGauge(stats, "quiver.rocksdb.wal.files", "Bytes of live RocksDB write-ahead log files on disk",
        KvStats::walFilesBytes);
    storeGauge(stats, "quiver.rocksdb.memtable", "Bytes in RocksDB memtables (written, not yet flushed)",
        KvStats::memtableBytes);
    storeGauge(stats, "quiver.rocksdb.pending.compaction", "Bytes RocksDB estimates compaction still has to rewrite",
        KvStats::pendingCompactionBytes);
    storeGauge(stats, "quiver.rocksdb.block.cache.usage", "Bytes held in the RocksDB block cache",
        KvStats::blockCacheUsageBytes);
    storeGauge(stats, "quiver.rocksdb.block.cache.pinned", "Bytes of the RocksDB block cache pinned by readers",
        KvStats::blockCachePinnedBytes);
    storeGauge(stats, "quiver.rocksdb.block.cache.capacity", "The RocksDB block cache's size (storage.block_cache_mb)",
        KvStats::blockCacheCapacityBytes);
    Gauge.builder("quiver.rocksdb.running.compactions", stats, s -> valueOrNaN(s.get().runningCompactions()))
        .description("RocksDB compactions running now")
        .strongReference(true)
        .register(registry);
    FileStore volume;
    try {
      volume = Files.getFileStore(dataDir);
    } catch (IOException e) {
      return;
    }
    Gauge.builder("quiver.data.volume.free", volume, v -> space(v, true))
        .description("Bytes available to Quiver on the volume holding the data directory")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    Gauge.builder("quiver.data.volume.size", volume, v -> space(v, false))
        .description("Total bytes of the volume holding the data directory")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  // Gauges hold their object weakly unless told otherwise; these objects live only in the gauges.
  private void storeGauge(StatsCache stats, String name, String description, ToLongFunction<KvStats> value) {
    Gauge.builder(name, stats, s -> valueOrNaN(value.applyAsLong(s.get())))
        .description(description)
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  private static double valueOrNaN(long v) {
    return v < 0 ? Double.NaN : v;
  }

  private static double space(FileStore v, boolean free) {
    try {
      return free ? v.getUsableSpace() : v.getTotalSpace();
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** One store reading shared by all store gauges for a second. */
  private static final class StatsCache {
    private final Database db;
    private KvStats cached;
    private long readAt;

    StatsCache(Database db) {
      this.db = db;
    }

    synchronized KvStats get() {
      long now = System.nanoTime();
      if (cached == null || now - readAt > TimeUnit.SECONDS.toNanos(1)) {
        cached = db.storeStats();
        readAt = now;
      }
      return cached;
    }
  }

  /** The meters of one collection; closed (and removed from the registry) when it is deleted. */
  private final class CollectionMeters {
    private final String name;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Timer> searchByPlan = new ConcurrentHashMap<>();
    private final Map<String, Timer> indexWorkTime = new ConcurrentHashMap<>();
    private final Map<String, Counter> indexWorkNodes = new ConcurrentHashMap<>();
    private final String index;
    private final Counter upserted;
    private final Counter deleted;
    private final DistributionSummary batch;
    private boolean closed;

    CollectionMeters(Collection c) {
      name = c.name();
      index = c.config().index().kind().name().toLowerCase(Locale.ROOT);
      if (c.config().index().kind() != io.quiver.storage.index.IndexSpec.Kind.FLAT) {
        meters.add(Gauge.builder("quiver.index.pending.points", c, Collection::indexPending)
            .description("Points written but not yet linked into the index (searched exactly meanwhile)")
            .tag("collection", name).tag("index", index).strongReference(true).register(registry));
        meters.add(Gauge.builder("quiver.index.removed.nodes", c, Collection::indexRemovedNodes)
            .description("Deleted or replaced points still held by the index until it re-links around them")
            .tag("collection", name).tag("index", index).strongReference(true).register(registry));
      }
      meters.add(Gauge.builder("quiver.collection.points", c, Collection::count)
          .description("Live points in the collection")
          .tag("collection", name).strongReference(true).register(registry));
      meters.add(Gauge.builder("quiver.collection.memory", c, x -> x.info().indexRamBytes())
          .description("Heap bytes held by the collection's index and in-memory vectors (estimate)")
          .tag("collection", name).tag("index", index).baseUnit("bytes").strongReference(true).register(registry));
      upserted = Counter.builder("quiver.points.upserted")
          .description("Points written by upserts (inserted or replaced)")
          .tag("collection", name).register(registry);
      deleted = Counter.builder("quiver.points.deleted")
          .description("Points removed by deletes (ids that did not exist are not counted)")
          .tag("collection", name).register(registry);
      batch = DistributionSummary.builder("quiver.upsert.batch.size")
          .description("Points per applied upsert request (or per message of UpsertStream)")
          .tag("collection", name).serviceLevelObjectives(BATCH_BUCKETS).register(registry);
      meters.add(upserted);
      meters.add(deleted);
      meters.add(batch);
    }

    synchronized Timer search(String plan) {
      if (closed) {
        return null;
      }
      return searchByPlan.computeIfAbsent(plan, p -> {
        Timer t = Timer.builder("quiver.search.duration")
            .description("Search latency inside the engine, by collection and plan (exact: full scan)")
            .tag("collection", name).tag("plan", p)
            .serviceLevelObjectives(GrpcMetrics.LATENCY_BUCKETS)
            .register(registry);
        meters.add(t);
        return t;
      });
    }

    synchronized void indexWork(String operation, int items, long nanos) {
      if (closed) {
        return;
      }
      indexWorkTime.computeIfAbsent(operation, op -> {
        Timer t = Timer.builder("quiver.index.operation.duration")
            .description("Index background work: link (one vector into the graph), consolidate (re-link around removed nodes, or compact IVF lists), save, load, train (IVF-PQ quantizers), encode (IVF-PQ vectors)")
            .tag("collection", name).tag("index", index).tag("operation", op)
            .serviceLevelObjectives(GrpcMetrics.LATENCY_BUCKETS)
            .register(registry);
        meters.add(t);
        return t;
      }).record(nanos, TimeUnit.NANOSECONDS);
      indexWorkNodes.computeIfAbsent(operation, op -> {
        Counter counter = Counter.builder("quiver.index.operation.nodes")
            .description("Nodes handled by index background work, by operation")
            .tag("collection", name).tag("index", index).tag("operation", op)
            .register(registry);
        meters.add(counter);
        return counter;
      }).increment(items);
    }

    synchronized void close() {
      closed = true;
      meters.forEach(registry::remove);
    }
  }

  @Override
  public void collectionOpened(Collection collection) {
    collections.computeIfAbsent(collection, CollectionMeters::new);
  }

  @Override
  public void collectionDropped(Collection collection) {
    CollectionMeters m = collections.remove(collection);
    if (m != null) {
      m.close();
    }
  }

  @Override
  public void upserted(Collection collection, int points) {
    CollectionMeters m = collections.get(collection);
    if (m != null) {
      m.upserted.increment(points);
      m.batch.record(points);
    }
  }

  @Override
  public void deleted(Collection collection, int deleted) {
    CollectionMeters m = collections.get(collection);
    if (m != null) {
      m.deleted.increment(deleted);
    }
  }

  @Override
  public void searched(Collection collection, String plan, long nanos) {
    CollectionMeters m = collections.get(collection);
    Timer t = m == null ? null : m.search(plan);
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void indexWork(Collection collection, String operation, int items, long nanos) {
    CollectionMeters m = collections.get(collection);
    if (m != null) {
      m.indexWork(operation, items, nanos);
    }
  }

  @Override
  public void onGroupWritten(int writes, long nanos) {
    groupSize.record(writes);
    syncDuration.record(nanos, TimeUnit.NANOSECONDS);
  }
}
