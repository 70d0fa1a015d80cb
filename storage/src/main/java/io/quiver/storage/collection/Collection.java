package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.format.CorruptDataException;
import io.quiver.storage.format.PayloadCodec;
import io.quiver.storage.format.PointKeyCodec;
import io.quiver.storage.format.VectorCodec;
import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.index.IndexEvents;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.index.SearchHit;
import io.quiver.storage.index.VectorIndex;
import io.quiver.storage.index.flat.FlatIndex;
import io.quiver.storage.index.hnsw.HnswGraphFormat;
import io.quiver.storage.index.hnsw.HnswIndex;
import io.quiver.storage.index.ivf.IvfPqFormat;
import io.quiver.storage.index.ivf.IvfPqIndex;
import io.quiver.storage.index.ivf.StoredVectors;
import io.quiver.storage.index.TopKCollector;
import io.quiver.storage.kv.Column;
import io.quiver.storage.kv.GroupCommitter;
import io.quiver.storage.kv.KvBatch;
import io.quiver.storage.kv.KvCursor;
import io.quiver.storage.kv.KvStore;
import io.quiver.storage.filter.Filter;
import io.quiver.storage.filter.FilterPlanner;
import io.quiver.storage.payload.FieldIndex;
import io.quiver.storage.payload.FieldIndexType;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadIndexes;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection: the durable points in the store and the in-memory index over them.
 *
 * <p>Write path: validate and encode on the caller's thread (so a rejected request touches
 * nothing), then hand the batch to the store-wide {@link GroupCommitter}; once the batch is
 * durable the committer applies it to memory under the write lock and only then is it
 * acknowledged. Searches take the read lock, so they see every acknowledged write. Point
 * reads (get, scroll) go to the store, which is written before memory.
 *
 * <p>Ordinals ({@link OrdinalMap}): each live point has a dense int ordinal, the index's name
 * for it. A replaced point gets a new ordinal and the old one is retired; the index says when
 * a retired ordinal may be reused.
 *
 * <p>Vectors in memory: FLAT and HNSW need every vector in a {@link ChunkedVectorStore}.
 * IVF-PQ does not ({@link VectorIndex#keepsVectorsInMemory()} is false): it keeps codes, and
 * reads full vectors back from the store (through {@link StoredVectors}) to re-rank; exact
 * scans of such a collection and returned vectors read the store too.
 *
 * <p>Thread-safe.
 */
public final class Collection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Collection.class);
  /** Plan name of a full scan (FLAT, or an exact fallback); see {@link DatabaseListener#searched}. */
  public static final String PLAN_EXACT = "exact";
  /** Plan name of a search through the HNSW graph. */
  public static final String PLAN_HNSW = "hnsw";
  /** Plan name of a filtered search scanning exactly just the points the filter matched. */
  public static final String PLAN_FILTERED_EXACT = "filtered_exact";
  /** Plan name of a filtered search through the HNSW graph with the matches as accept-set. */
  public static final String PLAN_FILTERED_HNSW = "filtered_hnsw";
  /** Plan name of a filtered search through IVF-PQ lists with the matches as accept-set. */
  public static final String PLAN_FILTERED_IVF_PQ = "filtered_ivf_pq";
  /** Plan name of a filtered index search that found too few hits and was redone exactly. */
  public static final String PLAN_FILTERED_EXACT_FALLBACK = "filtered_exact_fallback";
  /** Plan name of a search through IVF-PQ lists with exact re-ranking. */
  public static final String PLAN_IVF_PQ = "ivf_pq";

  private final CollectionConfig config;
  private final KvStore store;
  private final GroupCommitter committer;
  private final IndexResources resources;
  private final DatabaseListener listener;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // Guarded by lock (the vectors are also read without it; see ChunkedVectorStore).
  private final ChunkedVectorStore vectors;
  private final OrdinalMap ordinals = new OrdinalMap();
  private final FlatIndex exact;
  private VectorIndex index;
  private final PayloadIndexes payloadIndexes = new PayloadIndexes();
  private final java.util.concurrent.atomic.LongAdder unindexedFilterEvaluations =
      new java.util.concurrent.atomic.LongAdder();
  /** False for indexes that keep their own data (IVF-PQ): then {@link #vectors} stays empty. */
  private final boolean vectorsInMemory;

  private volatile boolean dropped;
  private final java.util.concurrent.atomic.LongAdder exactFallbacks = new java.util.concurrent.atomic.LongAdder();

  Collection(CollectionConfig config, KvStore store, GroupCommitter committer, IndexResources resources,
      DatabaseListener listener) {
    this.config = config;
    this.store = store;
    this.committer = committer;
    this.resources = resources;
    this.listener = listener;
    // HNSW walks its graph on an int8 copy of the vectors for the similarity metrics; not for
    // L2, where the codes' rounding swamps near-neighbour distances (see Int8VectorStore).
    this.vectors = new ChunkedVectorStore(config.dimension(),
        config.index().kind() == IndexSpec.Kind.HNSW && config.metric() != VectorSimilarity.L2);
    this.exact = new FlatIndex(vectors, config.metric());
    this.index = newIndex();
    this.vectorsInMemory = index.keepsVectorsInMemory();
    reportIndexWork();
  }

  private void reportIndexWork() {
    if (index instanceof HnswIndex hnsw) {
      hnsw.reportTo((operation, items, nanos) -> listener.indexWork(this, operation, items, nanos));
    } else if (index instanceof IvfPqIndex ivf) {
      ivf.reportTo((operation, items, nanos) -> listener.indexWork(this, operation, items, nanos));
    }
  }

  private VectorIndex newIndex() {
    return switch (config.index().kind()) {
      case FLAT -> exact;
      case HNSW -> HnswIndex.create(config.index().hnsw(), vectors, config.metric(), resources.workers(),
          resources.workerThreads(), this::releaseOrdinals);
      case IVF_PQ -> IvfPqIndex.create(config.index().ivfPq(), config.dimension(), config.metric(),
          resources.workers(), resources.workerThreads(), this::releaseOrdinals, storedVectors, rerankFile());
    };
  }

  /** Where an IVF-PQ index keeps its re-rank copy of the vectors (a cache, deleted on close). */
  private Path rerankFile() {
    return resources.indexDir() == null ? null : resources.indexDir().resolve(config.id() + ".ivfpq-rerank");
  }

  private Path indexFile() {
    String suffix = config.index().kind() == IndexSpec.Kind.IVF_PQ ? ".ivfpq" : ".hnsw";
    return resources.indexDir() == null ? null : resources.indexDir().resolve(config.id() + suffix);
  }

  /**
   * Reads every stored vector of this collection into memory and makes the index consistent
   * with the store: a saved graph is reused for every point whose vector it was built from,
   * and the rest are queued to be linked. Called once, before use.
   */
  void loadFromStore() {
    lock.writeLock().lock();
    try {
      if (config.index().kind() == IndexSpec.Kind.HNSW) {
        loadWithGraph();
      } else if (config.index().kind() == IndexSpec.Kind.IVF_PQ) {
        loadWithIvf();
      } else {
        scanStore((id, stored) -> place(ordinals.allocate(), id, stored.seq(), stored.vector()));
      }
      for (FieldIndex f : CollectionFilters.readFieldIndexes(store, config.id())) {
        payloadIndexes.put(f);
      }
      if (!payloadIndexes.isEmpty()) {
        CollectionFilters.backfill(store, config.id(), ordinals::lookup, payloadIndexes::add);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private interface PointSink {
    void accept(PointId id, VectorCodec.Stored stored);
  }

  private void scanStore(PointSink sink) {
    try (KvCursor c = store.scan(Column.VECTORS, PointKeyCodec.collectionStart(config.id()),
        PointKeyCodec.collectionEnd(config.id()))) {
      for (; c.valid(); c.next()) {
        sink.accept(PointKeyCodec.idFromKey(c.key()), VectorCodec.decode(c.value()));
      }
    }
  }

  private void loadWithGraph() {
    HnswGraphFormat.Loaded saved = readSavedGraph();
    Map<PointId, Integer> nodeOf = new HashMap<>();
    if (saved != null) {
      for (int node = 0; node < saved.limit(); node++) {
        byte[] id = saved.ids()[node];
        if (id != null && id.length > 0) {
          nodeOf.put(PointKeyCodec.idFromBytes(id), node);
        }
      }
    }
    BitSet matched = new BitSet();
    List<Integer> unlinked = new ArrayList<>();
    int[] next = {saved == null ? 0 : saved.limit()};
    scanStore((id, stored) -> {
      Integer node = nodeOf.get(id);
      int ordinal;
      if (node != null && saved.seqs()[node] == stored.seq()) {
        ordinal = node;
        matched.set(node);
      } else {
        ordinal = next[0]++;
        unlinked.add(ordinal);
      }
      vectors.set(ordinal, stored.vector());
      ordinals.bind(ordinal, id, stored.seq());
    });
    ordinals.reserveBelow(next[0]);
    if (saved != null) {
      BitSet stale = new BitSet();
      for (int node = 0; node < saved.limit(); node++) {
        if (saved.ids()[node] != null && !matched.get(node)) {
          stale.set(node);
        }
      }
      long loadStart = System.nanoTime();
      index = HnswIndex.fromLoaded(config.index().hnsw(), saved, stale, vectors, config.metric(),
          resources.workers(), resources.workerThreads(), this::releaseOrdinals);
      reportIndexWork();
      listener.indexWork(this, IndexEvents.LOAD, matched.cardinality(), System.nanoTime() - loadStart);
      log.info("collection '{}': loaded HNSW graph with {} nodes; {} stale nodes unlinked, {} points to link",
          config.name(), matched.cardinality(), stale.cardinality(), unlinked.size());
    }
    ordinals.freeUnused(new BitSet());
    for (int ordinal : unlinked) {
      index.added(ordinal);
    }
  }

  /**
   * IVF-PQ load: saved entries whose (id, write sequence) still match the store are reused in
   * their saved order; the other points are handed to the index to encode (or, before
   * training, to be searched exactly). Full vectors are not kept in memory.
   */
  private void loadWithIvf() {
    IvfPqFormat.Loaded saved = readSavedIvf();
    Map<PointId, Integer> entryOf = new HashMap<>();
    int[] ordinalOfEntry = null;
    if (saved != null) {
      ordinalOfEntry = new int[saved.entries()];
      java.util.Arrays.fill(ordinalOfEntry, -1);
      for (int e = 0; e < saved.entries(); e++) {
        entryOf.put(PointKeyCodec.idFromBytes(saved.ids()[e]), e);
      }
    }
    List<Integer> newOrdinals = new ArrayList<>();
    List<float[]> newVectors = new ArrayList<>();
    int[] matched = {0};
    int[] entryOrdinals = ordinalOfEntry;
    scanStore((id, stored) -> {
      int ordinal = ordinals.allocate();
      ordinals.bind(ordinal, id, stored.seq());
      Integer e = entryOf.remove(id);
      if (e != null && saved.seqs()[e] == stored.seq()) {
        entryOrdinals[e] = ordinal;
        matched[0]++;
      } else {
        newOrdinals.add(ordinal);
        newVectors.add(stored.vector());
      }
    });
    if (saved != null) {
      long loadStart = System.nanoTime();
      int stale = saved.entries() - matched[0];
      index.close();
      index = IvfPqIndex.fromLoaded(config.index().ivfPq(), config.dimension(), config.metric(), resources.workers(),
          resources.workerThreads(), this::releaseOrdinals, storedVectors, rerankFile(), saved, entryOrdinals,
          stale > 0 || !newOrdinals.isEmpty());
      reportIndexWork();
      listener.indexWork(this, IndexEvents.LOAD, matched[0], System.nanoTime() - loadStart);
      log.info("collection '{}': loaded IVF-PQ index with {} codes; {} stale entries dropped, {} points to encode",
          config.name(), matched[0], stale, newOrdinals.size());
    }
    for (int i = 0; i < newOrdinals.size(); i++) {
      index.added(newOrdinals.get(i), newVectors.get(i));
    }
  }

  private IvfPqFormat.Loaded readSavedIvf() {
    Path file = indexFile();
    if (file == null || !Files.exists(file)) {
      return null;
    }
    try {
      return IvfPqFormat.read(file, config.dimension(), config.metric(), config.index().ivfPq());
    } catch (IOException | CorruptDataException e) {
      log.warn("collection '{}': cannot use the saved IVF-PQ index ({}); training again from the stored vectors",
          config.name(), e.getMessage());
      return null;
    }
  }

  /** The IVF-PQ index's window on the store: vectors by ordinal, and every live point. */
  private final StoredVectors storedVectors = new StoredVectors() {
    @Override
    public float[][] read(int[] ords, int count) {
      List<byte[]> keys = new ArrayList<>(count);
      int[] slot = new int[count];
      lock.readLock().lock();
      try {
        for (int i = 0; i < count; i++) {
          PointId id = ordinals.id(ords[i]);
          slot[i] = id == null ? -1 : keys.size();
          if (id != null) {
            keys.add(PointKeyCodec.key(config.id(), id));
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      List<byte[]> values = keys.isEmpty() ? List.of() : store.multiGet(Column.VECTORS, keys);
      float[][] out = new float[count][];
      for (int i = 0; i < count; i++) {
        byte[] v = slot[i] < 0 ? null : values.get(slot[i]);
        out[i] = v == null ? null : VectorCodec.decode(v).vector();
      }
      return out;
    }

    @Override
    public void scanLive(int batchSize, BatchSink sink) {
      List<PointId> ids = new ArrayList<>(batchSize);
      List<VectorCodec.Stored> records = new ArrayList<>(batchSize);
      int[] ords = new int[batchSize];
      float[][] vecs = new float[batchSize][];
      try (KvCursor c = store.scan(Column.VECTORS, PointKeyCodec.collectionStart(config.id()),
          PointKeyCodec.collectionEnd(config.id()))) {
        while (true) {
          ids.clear();
          records.clear();
          for (; c.valid() && ids.size() < batchSize; c.next()) {
            ids.add(PointKeyCodec.idFromKey(c.key()));
            records.add(VectorCodec.decode(c.value()));
          }
          if (ids.isEmpty()) {
            return;
          }
          int n = 0;
          lock.readLock().lock();
          try {
            for (int i = 0; i < ids.size(); i++) {
              int o = ordinals.lookup(ids.get(i));
              if (o >= 0 && ordinals.seq(o) == records.get(i).seq()) {
                ords[n] = o;
                vecs[n++] = records.get(i).vector();
              }
            }
          } finally {
            lock.readLock().unlock();
          }
          sink.accept(ords, vecs, n);
        }
      }
    }
  };

  private HnswGraphFormat.Loaded readSavedGraph() {
    Path file = indexFile();
    if (file == null || !Files.exists(file)) {
      return null;
    }
    try {
      return HnswIndex.readGraph(file, config.index().hnsw(), config.dimension());
    } catch (IOException | CorruptDataException e) {
      log.warn("collection '{}': cannot use the saved graph ({}); rebuilding it from the stored vectors",
          config.name(), e.getMessage());
      return null;
    }
  }

  public CollectionConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /** Live points. */
  public long count() {
    lock.readLock().lock();
    try {
      return ordinals.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A snapshot for Get/List. */
  public CollectionInfo info() {
    lock.readLock().lock();
    try {
      long ram = vectors.ramBytesUsed() + ordinals.ramBytesUsed() + (index == exact ? 0 : index.ramBytesUsed())
          + payloadIndexes.ramBytesUsed();
      if (index instanceof IvfPqIndex ivf) {
        long trained = ivf.trainedPoints();
        boolean retrain = trained > 0 && !ivf.trainingNow()
            && ordinals.size() > IvfPqIndex.RETRAIN_GROWTH * trained;
        return new CollectionInfo(config, ordinals.size(), ram, !index.indexing(), trained, retrain);
      }
      return new CollectionInfo(config, ordinals.size(), ram, !index.indexing());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Points written but not yet linked into the index, or not yet encoded by IVF-PQ (0 for FLAT). */
  public int indexPending() {
    if (index instanceof IvfPqIndex ivf) {
      return ivf.trained() ? ivf.pendingCount() : 0;
    }
    return index instanceof HnswIndex hnsw ? hnsw.pendingCount() : 0;
  }

  /** Removed points the index still holds (graph stepping stones, deleted IVF codes; 0 for FLAT). */
  public int indexRemovedNodes() {
    if (index instanceof IvfPqIndex ivf) {
      return ivf.deletedCount();
    }
    return index instanceof HnswIndex hnsw ? hnsw.tombstoneCount() : 0;
  }

  /**
   * Retrains an IVF-PQ collection's quantizers in the background on a sample of today's
   * points (or trains them now, if the collection has not reached its training size yet);
   * searches keep working meanwhile. FAILED_PRECONDITION for other indexes, while a training
   * runs, or with fewer points than the index needs.
   */
  public void retrain() {
    checkNotDropped();
    if (!(index instanceof IvfPqIndex ivf)) {
      throw StorageException.failedPrecondition("collection '" + config.name() + "': index "
          + config.index().kind() + " has nothing to train; retraining applies to IVF_PQ");
    }
    ivf.retrain();
  }

  /** Searches whose approximate index found too few live points and were answered exactly. */
  public long exactFallbacks() {
    return exactFallbacks.sum();
  }

  /** The index (for tests and tools). */
  public VectorIndex index() {
    return index;
  }

  /**
   * Inserts or replaces {@code points} durably. The whole batch is validated first; any bad
   * point rejects it with INVALID_ARGUMENT and nothing is written.
   */
  public WriteResult upsert(List<Point> points) {
    return upsert(points, null);
  }

  /**
   * As {@link #upsert(List)}, acknowledged no earlier than {@code requested} allows (null: the
   * collection's durability; a request can only make it stricter).
   */
  public WriteResult upsert(List<Point> points, Durability requested) {
    boolean sync = config.durability().atLeast(requested) == Durability.SYNC;
    if (points.isEmpty()) {
      throw StorageException.invalid("points: batch is empty");
    }
    List<PointId> ids = new ArrayList<>(points.size());
    List<float[]> prepared = new ArrayList<>(points.size());
    List<byte[]> vectorRecords = new ArrayList<>(points.size());
    List<Payload> payloads = new ArrayList<>(points.size());
    Set<PointId> seen = new HashSet<>();
    KvBatch batch = new KvBatch();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (p.id() == null) {
        throw StorageException.invalid("points[" + i + "].id: missing");
      }
      if (!seen.add(p.id())) {
        throw StorageException.invalid("points[" + i + "].id: " + p.id() + " appears twice in the batch");
      }
      float[] v = VectorChecks.checkAndPrepare(p.vector(), config.dimension(), config.metric(),
          "points[" + i + "].vector");
      byte[] key = PointKeyCodec.key(config.id(), p.id());
      byte[] record = VectorCodec.encode(0, v);
      batch.put(Column.VECTORS, key, record);
      Payload payload = p.payload() == null ? Payload.EMPTY : p.payload();
      batch.put(Column.PAYLOADS, key, PayloadCodec.encode(payload));
      payloads.add(payload);
      ids.add(p.id());
      prepared.add(v);
      vectorRecords.add(record);
    }
    return committer.submitAndWait(new GroupCommitter.Write<WriteResult>() {
      @Override
      public boolean sync() {
        return sync;
      }

      @Override
      public void prepare(KvBatch group, long sequence) {
        checkNotDropped();
        for (byte[] record : vectorRecords) {
          VectorCodec.setSeq(record, sequence);
        }
        group.addAll(batch);
      }

      @Override
      public WriteResult apply(long sequence) {
        lock.writeLock().lock();
        try {
          for (int i = 0; i < ids.size(); i++) {
            retire(ids.get(i));
            int ordinal = ordinals.allocate();
            place(ordinal, ids.get(i), sequence, prepared.get(i));
            if (!payloadIndexes.isEmpty()) {
              payloadIndexes.add(ordinal, payloads.get(i));
            }
          }
        } finally {
          lock.writeLock().unlock();
        }
        listener.upserted(Collection.this, ids.size());
        return new WriteResult(ids.size(), sequence);
      }
    });
  }

  /** Deletes points durably; ids that do not exist are ignored and not counted. */
  public WriteResult delete(List<PointId> ids) {
    return delete(ids, null);
  }

  /** As {@link #delete(List)}, with a requested durability as for {@link #upsert(List, Durability)}. */
  public WriteResult delete(List<PointId> ids, Durability requested) {
    boolean sync = config.durability().atLeast(requested) == Durability.SYNC;
    KvBatch batch = new KvBatch();
    for (PointId id : ids) {
      byte[] key = PointKeyCodec.key(config.id(), id);
      batch.delete(Column.VECTORS, key);
      batch.delete(Column.PAYLOADS, key);
    }
    return committer.submitAndWait(new GroupCommitter.Write<WriteResult>() {
      @Override
      public boolean sync() {
        return sync;
      }

      @Override
      public void prepare(KvBatch group, long sequence) {
        checkNotDropped();
        group.addAll(batch);
      }

      @Override
      public WriteResult apply(long sequence) {
        int deleted = 0;
        lock.writeLock().lock();
        try {
          for (PointId id : ids) {
            if (retire(id)) {
              deleted++;
            }
          }
        } finally {
          lock.writeLock().unlock();
        }
        listener.deleted(Collection.this, deleted);
        return new WriteResult(deleted, sequence);
      }
    });
  }

  /** Points by id, in request order; absent ids are left out. */
  public List<Point> get(List<PointId> ids, boolean withPayload, boolean withVector) {
    checkNotDropped();
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (PointId id : ids) {
      keys.add(PointKeyCodec.key(config.id(), id));
    }
    List<byte[]> vectorBytes = store.multiGet(Column.VECTORS, keys);
    List<byte[]> payloadBytes = withPayload ? store.multiGet(Column.PAYLOADS, keys) : null;
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (vectorBytes.get(i) == null) {
        continue;
      }
      out.add(new Point(ids.get(i),
          withVector ? VectorCodec.decode(vectorBytes.get(i)).vector() : null,
          withPayload ? decodePayload(payloadBytes.get(i)) : null));
    }
    return out;
  }

  /** Up to {@code limit} points in id order, starting at {@code from} (inclusive; null = first). */
  public ScrollPage scroll(PointId from, int limit, boolean withPayload, boolean withVector) {
    checkNotDropped();
    assert limit >= 1;
    byte[] start = from == null ? PointKeyCodec.collectionStart(config.id())
        : PointKeyCodec.key(config.id(), from);
    List<PointId> ids = new ArrayList<>(limit);
    List<byte[]> keys = new ArrayList<>(limit);
    List<float[]> vecs = new ArrayList<>(limit);
    PointId next = null;
    try (KvCursor c = store.scan(Column.VECTORS, start, PointKeyCodec.collectionEnd(config.id()))) {
      for (; c.valid(); c.next()) {
        PointId id = PointKeyCodec.idFromKey(c.key());
        if (ids.size() == limit) {
          next = id;
          break;
        }
        ids.add(id);
        keys.add(c.key());
        vecs.add(withVector ? VectorCodec.decode(c.value()).vector() : null);
      }
    }
    List<byte[]> payloadBytes = withPayload ? store.multiGet(Column.PAYLOADS, keys) : null;
    List<Point> points = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      points.add(new Point(ids.get(i), vecs.get(i), withPayload ? decodePayload(payloadBytes.get(i)) : null));
    }
    return new ScrollPage(points, next);
  }

  /**
   * The {@code limit} nearest points, best first; equal scores by id. An approximate index
   * that finds fewer than {@code limit} live points (when the collection holds that many) is
   * backed up by an exact scan, so a search returns {@code min(limit, count)} hits.
   */
  public List<ScoredPoint> search(SearchRequest request) {
    return searchWithPlan(request).hits();
  }

  /** Like {@link #search}, and says which plan ran and how many points the filter matched. */
  public SearchResult searchWithPlan(SearchRequest request) {
    long start = System.nanoTime();
    checkNotDropped();
    if (request.limit() < 1) {
      throw StorageException.invalid("limit: must be at least 1, got " + request.limit());
    }
    float[] query = VectorChecks.checkAndPrepare(request.vector(), config.dimension(),
        config.metric(), "vector");
    int k = request.limit();
    List<PointId> hitIds;
    List<SearchHit> hits;
    List<float[]> hitVectors = new ArrayList<>();
    String plan = PLAN_EXACT;
    long filterMatches = 0;
    Filter filter = request.filter() == null || request.filter().isEmpty() ? null : request.filter();
    if (filter != null) {
      filter.validate("filter");
    }
    lock.readLock().lock();
    try {
      BitSet live = ordinals.live();
      if (filter != null) {
        BitSet matches = matchingLocked(filter);
        filterMatches = matches.cardinality();
        int links = index instanceof HnswIndex hnsw ? hnsw.params().m() : 16;
        int ef = request.params().ef() > 0 ? request.params().ef()
            : index instanceof HnswIndex hnsw ? hnsw.params().ef() : k;
        boolean untrainedIvf = index instanceof IvfPqIndex ivf && !ivf.trained();
        if (index == exact || request.params().exact() || untrainedIvf
            || FilterPlanner.preferExact(filterMatches, ordinals.size(), k, links, ef)) {
          plan = PLAN_FILTERED_EXACT;
          hits = exactSearch(query, k, matches, request.scoreThreshold());
        } else {
          // Both indexes take the matches as accept-set: HNSW walks through rejected nodes
          // to reach accepted ones, IVF-PQ probes more lists until it has refine x k accepted
          // candidates. The exact fallback below answers only if the index still finds fewer
          // than min(k, matches), e.g. accepted nodes the graph walk could not reach.
          plan = index instanceof IvfPqIndex ? PLAN_FILTERED_IVF_PQ : PLAN_FILTERED_HNSW;
          hits = index.search(query, k, request.params(), matches, ordinals.limit(), this::compareOrdinals);
          if (hits.size() < Math.min(k, filterMatches)) {
            exactFallbacks.increment();
            plan = PLAN_FILTERED_EXACT_FALLBACK;
            hits = exactSearch(query, k, matches, null);
          }
          if (request.scoreThreshold() != null) {
            float threshold = request.scoreThreshold();
            hits.removeIf(h -> config.metric().isBetter(threshold, h.score()));
          }
        }
      } else if (index == exact || request.params().exact()) {
        hits = exactSearch(query, k, request.scoreThreshold());
      } else {
        hits = index.search(query, k, request.params(), live, ordinals.limit(), this::compareOrdinals);
        plan = index instanceof IvfPqIndex ivf ? (ivf.trained() ? PLAN_IVF_PQ : PLAN_EXACT) : PLAN_HNSW;
        if (hits.size() < Math.min(k, ordinals.size())) {
          exactFallbacks.increment();
          plan = PLAN_EXACT;
          hits = exactSearch(query, k, null);
        }
        if (request.scoreThreshold() != null) {
          float threshold = request.scoreThreshold();
          hits.removeIf(h -> config.metric().isBetter(threshold, h.score()));
        }
      }
      hitIds = new ArrayList<>(hits.size());
      for (SearchHit h : hits) {
        hitIds.add(ordinals.id(h.ordinal()));
        if (request.withVector() && vectorsInMemory) {
          hitVectors.add(vectors.get(h.ordinal()));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    if (request.withVector() && !vectorsInMemory) {
      List<byte[]> keys = new ArrayList<>(hitIds.size());
      for (PointId id : hitIds) {
        keys.add(PointKeyCodec.key(config.id(), id));
      }
      for (byte[] v : store.multiGet(Column.VECTORS, keys)) {
        hitVectors.add(v == null ? null : VectorCodec.decode(v).vector());
      }
    }
    List<byte[]> payloadBytes = null;
    if (request.withPayload()) {
      List<byte[]> keys = new ArrayList<>(hitIds.size());
      for (PointId id : hitIds) {
        keys.add(PointKeyCodec.key(config.id(), id));
      }
      payloadBytes = store.multiGet(Column.PAYLOADS, keys);
    }
    List<ScoredPoint> out = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      out.add(new ScoredPoint(hitIds.get(i), hits.get(i).score(),
          payloadBytes == null ? null : decodePayload(payloadBytes.get(i)),
          request.withVector() ? hitVectors.get(i) : null));
    }
    listener.searched(this, plan, System.nanoTime() - start);
    return new SearchResult(out, plan, filterMatches, filter != null);
  }

  // ---- filters (the logic is in io.quiver.storage.filter / payload and CollectionFilters) ----

  /**
   * The live ordinals {@code filter} matches, exactly: from the payload indexes when they
   * answer every condition, else by checking stored payloads of the candidates the indexes
   * leave. Caller holds the read lock.
   */
  private BitSet matchingLocked(Filter filter) {
    FilterPlanner planner = new FilterPlanner(payloadIndexes, ordinals.live(), ordinals::lookup);
    FilterPlanner.Candidates c = planner.candidates(filter);
    if (c.exact()) {
      return c.ordinals();
    }
    unindexedFilterEvaluations.increment();
    return CollectionFilters.checkPayloads(store, config.id(), filter, c.ordinals(), ordinals.size(),
        ordinals::id, ordinals::lookup);
  }

  /** The ids of the live points {@code filter} matches, in id order. */
  private List<PointId> matchingIds(Filter filter) {
    filter.validate("filter");
    List<PointId> ids = new ArrayList<>();
    lock.readLock().lock();
    try {
      BitSet m = matchingLocked(filter);
      for (int o = m.nextSetBit(0); o >= 0; o = m.nextSetBit(o + 1)) {
        ids.add(ordinals.id(o));
      }
    } finally {
      lock.readLock().unlock();
    }
    ids.sort(null);
    return ids;
  }

  /** Live points that match {@code filter} (all live points when it is null or empty); exact. */
  public long count(Filter filter) {
    checkNotDropped();
    if (filter == null || filter.isEmpty()) {
      return count();
    }
    filter.validate("filter");
    lock.readLock().lock();
    try {
      return matchingLocked(filter).cardinality();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Like {@link #scroll(PointId, int, boolean, boolean)}, but only points that match
   * {@code filter} (null or empty: all). The filter is evaluated for each page.
   */
  public ScrollPage scroll(PointId from, int limit, boolean withPayload, boolean withVector, Filter filter) {
    if (filter == null || filter.isEmpty()) {
      return scroll(from, limit, withPayload, withVector);
    }
    checkNotDropped();
    List<PointId> ids = matchingIds(filter);
    int i = 0;
    if (from != null) {
      int pos = java.util.Collections.binarySearch(ids, from);
      i = pos >= 0 ? pos : -pos - 1;
    }
    int end = Math.min(ids.size(), i + limit);
    List<Point> points = get(ids.subList(i, end), withPayload, withVector);
    return new ScrollPage(points, end < ids.size() ? ids.get(end) : null);
  }

  /** Deletes every point {@code filter} matches (evaluated once, now); must not be empty. */
  public WriteResult deleteByFilter(Filter filter) {
    return deleteByFilter(filter, null);
  }

  /** As {@link #deleteByFilter(Filter)}, with a requested durability as for {@link #delete(List, Durability)}. */
  public WriteResult deleteByFilter(Filter filter, Durability requested) {
    checkNotDropped();
    if (filter == null || filter.isEmpty()) {
      throw StorageException.invalid("filter: a delete by filter needs a non-empty filter");
    }
    return delete(matchingIds(filter), requested);
  }

  /**
   * Creates an index on payload field {@code field} and indexes every existing point before
   * returning. Idempotent for the same type; ALREADY_EXISTS for another type on the field.
   */
  public void createFieldIndex(String field, FieldIndexType type) {
    CollectionFilters.checkField(field);
    if (type == null) {
      throw StorageException.invalid("type: one of KEYWORD, INTEGER, FLOAT, BOOL, TEXT is required");
    }
    lock.readLock().lock();
    try {
      FieldIndex existing = payloadIndexes.get(field);
      if (existing != null) {
        if (existing.type() == type) {
          return;
        }
        throw new StorageException(StorageException.Reason.ALREADY_EXISTS, "field '" + field
            + "' already has a " + existing.type() + " index; delete it first");
      }
    } finally {
      lock.readLock().unlock();
    }
    committer.submitAndWait(new GroupCommitter.Write<Void>() {
      @Override
      public void prepare(KvBatch group, long sequence) {
        checkNotDropped();
        CollectionFilters.putFieldIndex(group, config.id(), field, type);
      }

      @Override
      public Void apply(long sequence) {
        lock.writeLock().lock();
        try {
          FieldIndex f = new FieldIndex(field, type);
          CollectionFilters.backfill(store, config.id(), ordinals::lookup, f::add);
          payloadIndexes.put(f);
        } finally {
          lock.writeLock().unlock();
        }
        return null;
      }
    });
    log.info("collection '{}': created {} index on payload field '{}'", config.name(), type, field);
  }

  /** Drops the index on {@code field}; NOT_FOUND when there is none. */
  public void deleteFieldIndex(String field) {
    lock.readLock().lock();
    try {
      if (payloadIndexes.get(field) == null) {
        throw StorageException.notFound("collection '" + config.name() + "' has no index on field '" + field + "'");
      }
    } finally {
      lock.readLock().unlock();
    }
    committer.submitAndWait(new GroupCommitter.Write<Void>() {
      @Override
      public void prepare(KvBatch group, long sequence) {
        checkNotDropped();
        CollectionFilters.deleteFieldIndex(group, config.id(), field);
      }

      @Override
      public Void apply(long sequence) {
        lock.writeLock().lock();
        try {
          payloadIndexes.remove(field);
        } finally {
          lock.writeLock().unlock();
        }
        return null;
      }
    });
  }

  /** The payload field indexes, by field. */
  public List<FieldIndexInfo> fieldIndexes() {
    lock.readLock().lock();
    try {
      List<FieldIndexInfo> out = new ArrayList<>();
      for (FieldIndex f : payloadIndexes.all().values()) {
        out.add(new FieldIndexInfo(f.field(), f.type(), f.distinctValues()));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Filter evaluations (search, count, scroll, delete) that had to read payloads from disk. */
  public long unindexedFilterEvaluations() {
    return unindexedFilterEvaluations.sum();
  }

  /** An exact scan; caller holds the read lock. Reads the store when vectors are not in memory. */
  private List<SearchHit> exactSearch(float[] query, int k, Float threshold) {
    return exactSearch(query, k, ordinals.live(), threshold);
  }

  /** Exact top k among {@code accept}; reads vectors from the store when they are not in memory. */
  private List<SearchHit> exactSearch(float[] query, int k, BitSet accept, Float threshold) {
    if (vectorsInMemory) {
      return exact.search(query, k, accept, ordinals.limit(), threshold, this::compareOrdinals);
    }
    TopKCollector top = new TopKCollector(k, config.metric().higherIsBetter(), this::compareOrdinals);
    if (accept != ordinals.live() && accept.cardinality() <= EXACT_BY_KEY) {
      // A selective filter: read just the matches' vectors (IVF-PQ's re-rank file first).
      int[] ords = accept.stream().toArray();
      IvfPqIndex.ScoreSink sink = (o, score) -> {
        if (threshold == null || !config.metric().isBetter(threshold, score)) {
          top.offer(o, score);
        }
      };
      if (index instanceof IvfPqIndex ivf) {
        ivf.scoreExactly(query, ords, ords.length, sink);
      } else {
        float[][] vectors = storedVectors.read(ords, ords.length);
        for (int i = 0; i < ords.length; i++) {
          if (vectors[i] != null) {
            sink.accept(ords[i], config.metric().score(query, vectors[i]));
          }
        }
      }
      return top.drainBestFirst();
    }
    scanStore((id, stored) -> {
      int o = ordinals.lookup(id);
      if (o < 0 || !accept.get(o)) {
        return; // written to the store, not yet applied (or deleted likewise), or filtered out
      }
      float score = config.metric().score(query, stored.vector());
      if (threshold == null || !config.metric().isBetter(threshold, score)) {
        top.offer(o, score);
      }
    });
    return top.drainBestFirst();
  }

  /** Up to this many filter matches, an index without vectors in memory reads them by key. */
  private static final int EXACT_BY_KEY = 50_000;


  private int compareOrdinals(int a, int b) {
    return ordinals.id(a).compareTo(ordinals.id(b));
  }

  private static Payload decodePayload(byte[] bytes) {
    // A point deleted between the index read and the payload read has no payload left.
    return bytes == null ? Payload.EMPTY : PayloadCodec.decode(bytes);
  }

  /** Stores a live point at {@code ordinal} and tells the index. Caller holds the write lock. */
  private void place(int ordinal, PointId id, long seq, float[] vector) {
    if (vectorsInMemory) {
      vectors.set(ordinal, vector);
    }
    ordinals.bind(ordinal, id, seq);
    index.added(ordinal, vector);
  }

  /** Retires {@code id}'s ordinal, if it has one. Caller holds the write lock. */
  private boolean retire(PointId id) {
    int old = ordinals.unbind(id);
    if (old < 0) {
      return false;
    }
    payloadIndexes.remove(old);
    if (index.removed(old)) {
      ordinals.free(new int[] {old});
    }
    return true;
  }

  /** Called by the index (from its own threads) when retired ordinals may be reused. */
  private void releaseOrdinals(int[] released) {
    lock.writeLock().lock();
    try {
      ordinals.free(released);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Saves the index to disk when it has one that changed. Safe to call at any time. */
  public void saveIndex() throws IOException {
    Path file = indexFile();
    if (!dropped && file != null && index instanceof IvfPqIndex ivf && ivf.dirty() && ivf.trained()) {
      long start = System.nanoTime();
      ivf.save(file, this::ivfLabels);
      log.debug("collection '{}': saved IVF-PQ index in {} ms", config.name(), (System.nanoTime() - start) / 1_000_000);
      return;
    }
    if (dropped || file == null || !(index instanceof HnswIndex hnsw) || !hnsw.dirty()) {
      return;
    }
    long start = System.nanoTime();
    hnsw.save(file, config.dimension(), this::labels);
    log.debug("collection '{}': saved HNSW graph in {} ms", config.name(), (System.nanoTime() - start) / 1_000_000);
  }

  private IvfPqIndex.Labels ivfLabels() {
    HnswIndex.Labels l = labels();
    return new IvfPqIndex.Labels() {
      @Override
      public byte[] idBytes(int ordinal) {
        return l.idBytes(ordinal);
      }

      @Override
      public long seq(int ordinal) {
        return l.seq(ordinal);
      }
    };
  }

  private HnswIndex.Labels labels() {
    lock.readLock().lock();
    try {
      int limit = ordinals.limit();
      byte[][] ids = new byte[limit][];
      long[] seqs = new long[limit];
      for (int o = 0; o < limit; o++) {
        PointId id = ordinals.id(o);
        if (id != null) {
          ids[o] = PointKeyCodec.idBytes(id);
          seqs[o] = ordinals.seq(o);
        }
      }
      return new HnswIndex.Labels(limit, ids, seqs);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits until the index has linked everything queued (tests, benchmarks, bulk loads). */
  public boolean awaitIndexed(long timeout, TimeUnit unit) throws InterruptedException {
    if (index instanceof IvfPqIndex ivf) {
      return ivf.awaitIdle(timeout, unit);
    }
    return !(index instanceof HnswIndex hnsw) || hnsw.awaitIdle(timeout, unit);
  }

  private void checkNotDropped() {
    if (dropped) {
      throw StorageException.notFound("collection '" + config.name() + "' not found (it was deleted)");
    }
  }

  /** Marks the collection gone; later writes and reads get NOT_FOUND. */
  void markDropped() {
    dropped = true;
  }

  /** Adds the deletion of every point of this collection to {@code batch}. */
  void addDropOps(KvBatch batch) {
    byte[] from = PointKeyCodec.collectionStart(config.id());
    byte[] to = PointKeyCodec.collectionEnd(config.id());
    batch.deleteRange(Column.VECTORS, from, to);
    batch.deleteRange(Column.PAYLOADS, from, to);
    CollectionFilters.addDropOps(batch, config.id());
  }

  /** After a drop: stops the index and deletes its file. */
  void discard() {
    index.close();
    Path file = indexFile();
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("collection '{}': cannot delete index file {}: {}", config.name(), file, e.getMessage());
      }
    }
  }

  /** Stops background index work (queued vectors are linked again at the next start). */
  @Override
  public void close() {
    index.close();
  }
}
