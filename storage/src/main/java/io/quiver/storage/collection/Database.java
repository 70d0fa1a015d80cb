package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.format.CollectionConfigCodec;
import io.quiver.storage.format.PointKeyCodec;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.kv.Column;
import io.quiver.storage.kv.GroupCommitter;
import io.quiver.storage.kv.KvBatch;
import io.quiver.storage.kv.KvCursor;
import io.quiver.storage.kv.KvStats;
import io.quiver.storage.kv.KvStore;
import io.quiver.storage.kv.RocksKvStore;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's entry point: a data directory holding any number of collections in one
 * RocksDB store, with one {@link GroupCommitter} shared by all their writes.
 *
 * <p>Layout of the {@code meta} column family:
 * <pre>
 * "collection/" + name   -> CollectionConfigCodec record
 * "next_collection_id"   -> i32 big-endian, the id the next created collection gets
 * "seq"                  -> i64 big-endian, the last durable operation sequence
 * </pre>
 *
 * <p>Thread-safe. Create and delete of collections are serialised among themselves; point
 * writes and searches never wait for them.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final String COLLECTION_PREFIX = "collection/";
  private static final byte[] NEXT_ID_KEY = "next_collection_id".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SEQ_KEY = "seq".getBytes(StandardCharsets.UTF_8);

  private final KvStore store;
  private final GroupCommitter committer;
  private final ExecutorService indexWorkers;
  private final ScheduledExecutorService maintenance;
  private final IndexResources resources;
  private final DatabaseListener listener;
  private final ConcurrentSkipListMap<String, Collection> collections = new ConcurrentSkipListMap<>();
  private final Object adminLock = new Object();
  private int nextCollectionId;
  private final SnapshotStore snapshots;
  private final Path indexDir;

  private Database(KvStore store, Path indexDir, boolean syncWrites, DatabaseListener listener) {
    this.store = store;
    this.listener = listener;
    this.committer = new GroupCommitter(store, SEQ_KEY, syncWrites, listener);
    int threads = Runtime.getRuntime().availableProcessors();
    this.indexWorkers = Executors.newFixedThreadPool(threads,
        Thread.ofPlatform().name("quiver-index-", 0).daemon(true).factory());
    this.maintenance = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("quiver-maintenance").daemon(true).factory());
    this.resources = new IndexResources(indexWorkers, threads, indexDir);
    this.indexDir = indexDir;
    this.snapshots = indexDir == null ? null : new SnapshotStore(this, store, indexDir.resolveSibling("snapshots"), indexDir);
    byte[] next = store.get(Column.META, NEXT_ID_KEY);
    this.nextCollectionId = next == null ? 1 : ByteBuffer.wrap(next).getInt();
  }

  /**
   * Opens the database in {@code dir}, creating it if empty, and loads every collection into
   * memory. Throws {@link StorageException} (FAILED_PRECONDITION) when the directory is
   * unusable or locked by another process.
   */
  public static Database open(Path dir, DatabaseOptions options) {
    return open(dir, options, DatabaseListener.NONE);
  }

  /** As {@link #open(Path, DatabaseOptions)}, reporting to {@code listener} from the start. */
  public static Database open(Path dir, DatabaseOptions options, DatabaseListener listener) {
    return open(RocksKvStore.open(dir, options.blockCacheBytes()), dir.resolve("index"), options, listener);
  }

  /** Opens over an already open store, reporting only group commits (tests of the write path). */
  public static Database open(KvStore store, Path indexDir, DatabaseOptions options,
      GroupCommitter.GroupCommitListener groupListener) {
    return open(store, indexDir, options, new DatabaseListener() {
      @Override
      public void onGroupWritten(int writes, long nanos) {
        groupListener.onGroupWritten(writes, nanos);
      }
    });
  }

  /**
   * Opens over an already open store (tests wrap stores to inject faults or delays). Saved
   * indexes live in {@code indexDir}; null keeps them in memory only.
   */
  public static Database open(KvStore store, Path indexDir, DatabaseOptions options,
      DatabaseListener listener) {
    Database db = new Database(store, indexDir, options.syncWrites(), listener);
    try {
      db.loadCollections();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    if (indexDir != null) {
      int every = Math.max(1, options.indexSaveSeconds());
      db.maintenance.scheduleWithFixedDelay(db::saveIndexes, every, every, TimeUnit.SECONDS);
    }
    return db;
  }

  /** Saves every changed index now (also run periodically and at close). */
  public void saveIndexes() {
    for (Collection c : collections.values()) {
      try {
        c.saveIndex();
      } catch (Exception e) {
        log.warn("saving the index of '{}' failed (it is rebuilt from the store if needed): {}", c.name(), e.toString());
      }
    }
  }

  private void loadCollections() {
    long start = System.nanoTime();
    byte[] from = COLLECTION_PREFIX.getBytes(StandardCharsets.UTF_8);
    byte[] to = prefixEnd(from);
    List<CollectionConfig> configs = new ArrayList<>();
    try (KvCursor c = store.scan(Column.META, from, to)) {
      for (; c.valid(); c.next()) {
        configs.add(CollectionConfigCodec.decode(c.value()));
      }
    }
    long points = 0;
    for (CollectionConfig config : configs) {
      Collection collection = new Collection(config, store, committer, resources, listener);
      collection.loadFromStore();
      points += collection.count();
      collections.put(config.name(), collection);
      listener.collectionOpened(collection);
    }
    log.info("loaded {} collections, {} points, in {} ms (operation sequence {})", configs.size(),
        points, (System.nanoTime() - start) / 1_000_000, committer.lastSequence());
  }

  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    end[end.length - 1]++;
    return end;
  }

  private static byte[] configKey(String name) {
    return (COLLECTION_PREFIX + name).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Creates a collection. Throws INVALID_ARGUMENT for a bad name, dimension or index spec
   * (the dimension must also be within {@code maxDimension}), ALREADY_EXISTS if the name is
   * taken.
   */
  public Collection create(String name, int dimension, VectorSimilarity metric, String indexSpec,
      int maxDimension) {
    return create(name, dimension, metric, indexSpec, maxDimension, Durability.SYNC, Integer.MAX_VALUE);
  }

  /**
   * As {@link #create(String, int, VectorSimilarity, String, int)}, with the collection's
   * durability, refusing with RESOURCE_EXHAUSTED when {@code maxCollections} already exist.
   */
  public Collection create(String name, int dimension, VectorSimilarity metric, String indexSpec,
      int maxDimension, Durability durability, int maxCollections) {
    CollectionConfig.checkName(name);
    CollectionConfig.checkDimension(dimension, Math.min(maxDimension, CollectionConfig.MAX_DIMENSION));
    if (metric == null) {
      throw StorageException.invalid("metric: required, one of COSINE, DOT, L2");
    }
    IndexSpec index = IndexSpec.parse(indexSpec);
    index.checkDimension(dimension);
    synchronized (adminLock) {
      if (collections.containsKey(name)) {
        throw new StorageException(StorageException.Reason.ALREADY_EXISTS,
            "collection '" + name + "' already exists");
      }
      if (collections.size() >= maxCollections) {
        throw new StorageException(StorageException.Reason.RESOURCE_EXHAUSTED,
            "collections: " + collections.size() + " exist, the limit limits.max_collections=" + maxCollections);
      }
      int id = nextCollectionId;
      CollectionConfig config = new CollectionConfig(name, id, dimension, metric, index,
          System.currentTimeMillis(), durability == null ? Durability.SYNC : durability);
      Collection collection = new Collection(config, store, committer, resources, listener);
      committer.submitAndWait(new GroupCommitter.Write<Void>() {
        @Override
        public void prepare(KvBatch batch, long sequence) {
          batch.put(Column.META, configKey(name), CollectionConfigCodec.encode(config));
          batch.put(Column.META, NEXT_ID_KEY, ByteBuffer.allocate(4).putInt(id + 1).array());
        }

        @Override
        public Void apply(long sequence) {
          collections.put(name, collection);
          listener.collectionOpened(collection);
          return null;
        }
      });
      nextCollectionId = id + 1;
      log.info("created collection '{}' (dimension {}, {}, {})", name, dimension, metric, index);
      return collection;
    }
  }

  /** The collection named {@code name}; NOT_FOUND if there is none. */
  public Collection get(String name) {
    Collection c = name == null ? null : collections.get(name);
    if (c == null) {
      throw StorageException.notFound("collection '" + name + "' not found");
    }
    return c;
  }

  /** Every collection, ordered by name. */
  public List<Collection> list() {
    return List.copyOf(collections.values());
  }

  /** Deletes a collection and all its points durably; NOT_FOUND if there is none. */
  public void delete(String name) {
    synchronized (adminLock) {
      Collection c = get(name);
      committer.submitAndWait(new GroupCommitter.Write<Void>() {
        @Override
        public void prepare(KvBatch batch, long sequence) {
          // Mark first: writes to it later in the same group must fail, not write orphans.
          c.markDropped();
          c.addDropOps(batch);
          batch.delete(Column.META, configKey(name));
        }

        @Override
        public Void apply(long sequence) {
          collections.remove(name, c);
          listener.collectionDropped(c);
          return null;
        }
      });
      c.discard();
      log.info("deleted collection '{}'", name);
    }
  }

  /** Snapshots of this database's collections; FAILED_PRECONDITION for an in-memory database. */
  public SnapshotStore snapshots() {
    if (snapshots == null) {
      throw new StorageException(StorageException.Reason.FAILED_PRECONDITION, "snapshots need a data directory");
    }
    return snapshots;
  }

  /**
   * Creates collection {@code newName} from a snapshot's store: the collection's records are
   * copied with their original write sequences and the saved index is put beside them, then the
   * collection loads like after a restart. The new id is reserved first, so an interrupted
   * restore leaves only unreachable records, never a half collection.
   */
  Collection restoreCollection(io.quiver.storage.format.SnapshotManifest m, Path snapshotDb, Path savedIndex,
      String newName, int maxCollections) {
    CollectionConfig.checkName(newName);
    Map<String, String> p = m.properties();
    int oldId = Integer.parseInt(p.get("collection_id"));
    synchronized (adminLock) {
      if (collections.containsKey(newName)) {
        throw new StorageException(StorageException.Reason.ALREADY_EXISTS, "collection '" + newName + "' already exists");
      }
      if (collections.size() >= maxCollections) {
        throw new StorageException(StorageException.Reason.RESOURCE_EXHAUSTED,
            "collections: " + collections.size() + " exist, the limit limits.max_collections=" + maxCollections);
      }
      int id = nextCollectionId;
      CollectionConfig config = new CollectionConfig(newName, id, Integer.parseInt(p.get("dimension")),
          VectorSimilarity.valueOf(p.get("metric")), IndexSpec.parse(p.get("index")), System.currentTimeMillis(),
          Durability.valueOf(p.getOrDefault("durability", "SYNC")));
      KvBatch reserve = new KvBatch().put(Column.META, NEXT_ID_KEY, ByteBuffer.allocate(4).putInt(id + 1).array());
      commitRaw(reserve, true);
      nextCollectionId = id + 1;
      List<io.quiver.storage.payload.FieldIndex> fieldIndexes;
      try (RocksKvStore snap = RocksKvStore.openReadOnly(snapshotDb);
          KvCursor c = snap.scan(Column.VECTORS, PointKeyCodec.collectionStart(oldId), PointKeyCodec.collectionEnd(oldId))) {
        fieldIndexes = CollectionFilters.readFieldIndexes(snap, oldId);
        KvBatch batch = new KvBatch();
        for (; c.valid(); c.next()) {
          byte[] key = PointKeyCodec.key(id, PointKeyCodec.idFromKey(c.key()));
          batch.put(Column.VECTORS, key, c.value());
          byte[] payload = snap.get(Column.PAYLOADS, c.key());
          if (payload != null) {
            batch.put(Column.PAYLOADS, key, payload);
          }
          if (batch.ops().size() >= 2000) {
            commitRaw(batch, false);
            batch = new KvBatch();
          }
        }
        if (!batch.isEmpty()) {
          commitRaw(batch, false);
        }
      }
      if (savedIndex != null && indexDir != null) {
        try {
          Files.createDirectories(indexDir);
          Files.copy(savedIndex, indexDir.resolve(id + ".hnsw"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
          log.warn("restore: cannot copy the saved index ({}); it will be rebuilt", e.toString());
        }
      }
      Collection collection = new Collection(config, store, committer, resources, listener);
      committer.submitAndWait(new GroupCommitter.Write<Void>() {
        @Override
        public void prepare(KvBatch batch, long sequence) {
          batch.put(Column.META, configKey(newName), CollectionConfigCodec.encode(config));
          for (io.quiver.storage.payload.FieldIndex f : fieldIndexes) {
            CollectionFilters.putFieldIndex(batch, id, f.field(), f.type()); // rebuilt by the load
          }
        }

        @Override
        public Void apply(long sequence) {
          collection.loadFromStore();
          collections.put(newName, collection);
          listener.collectionOpened(collection);
          return null;
        }
      });
      log.info("restored collection '{}' ({} points) from snapshot of '{}'", newName, collection.count(), p.get("collection"));
      return collection;
    }
  }

  /** Commits store operations that bypass the collections (restores); {@code sync} fsyncs. */
  private void commitRaw(KvBatch ops, boolean sync) {
    committer.submitAndWait(new GroupCommitter.Write<Void>() {
      @Override
      public void prepare(KvBatch batch, long sequence) {
        batch.addAll(ops);
      }

      @Override
      public Void apply(long sequence) {
        return null;
      }

      @Override
      public boolean sync() {
        return sync;
      }
    });
  }

  /** The sequence number of the last durable write. */
  public long lastSequence() {
    return committer.lastSequence();
  }

  /** Whether writes are still accepted (false after a failed durable write). */
  public boolean writable() {
    return !committer.failed();
  }

  /** The store's statistics (file sizes, compaction backlog, block cache) for monitoring. */
  public KvStats storeStats() {
    return store.stats();
  }

  /** Approximate bytes on disk. */
  public long diskBytes() {
    return store.approximateDiskBytes();
  }

  /** Commits queued writes, then closes the store. */
  @Override
  public void close() {
    maintenance.shutdownNow();
    committer.close();
    for (Collection c : collections.values()) {
      c.close();
    }
    saveIndexes();
    indexWorkers.shutdownNow();
    store.close();
  }
}
