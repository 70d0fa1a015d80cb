package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.format.PayloadCodec;
import io.quiver.storage.format.PointKeyCodec;
import io.quiver.storage.format.VectorCodec;
import io.quiver.storage.index.ChunkedVectorStore;
import io.quiver.storage.index.SearchHit;
import io.quiver.storage.index.TopKCollector;
import io.quiver.storage.index.flat.FlatIndex;
import io.quiver.storage.kv.Column;
import io.quiver.storage.kv.GroupCommitter;
import io.quiver.storage.kv.KvBatch;
import io.quiver.storage.kv.KvCursor;
import io.quiver.storage.kv.KvStore;
import io.quiver.storage.payload.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One collection: the durable points in the store and the in-memory index over them.
 *
 * <p>Write path: validate and encode on the caller's thread (so a rejected request touches
 * nothing), then hand the batch to the store-wide {@link GroupCommitter}; once the batch is
 * durable the committer applies it to memory under the write lock and only then is it
 * acknowledged. Searches take the read lock, so they see every acknowledged write.
 * Point reads (get, scroll) go to the store, which is written before memory.
 *
 * <p>Ordinals: each live point has a dense int ordinal, the index's name for it; a replaced
 * point keeps its ordinal, a deleted one frees it for reuse.
 *
 * <p>Thread-safe.
 */
public final class Collection {
  /** The plan name of a full scan by the FLAT index (see {@link DatabaseListener#searched}). */
  public static final String PLAN_EXACT = "exact";

  private final CollectionConfig config;
  private final KvStore store;
  private final GroupCommitter committer;
  private final DatabaseListener listener;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // Guarded by lock.
  private final ChunkedVectorStore vectors;
  private final FlatIndex flat;
  private final Map<PointId, Integer> ordinals = new HashMap<>();
  private final BitSet live = new BitSet();
  private PointId[] idsByOrdinal = new PointId[1024];
  private int[] freeOrdinals = new int[16];
  private int freeCount;
  private int ordinalLimit;

  private volatile boolean dropped;

  Collection(CollectionConfig config, KvStore store, GroupCommitter committer, DatabaseListener listener) {
    this.config = config;
    this.store = store;
    this.committer = committer;
    this.listener = listener;
    this.vectors = new ChunkedVectorStore(config.dimension());
    this.flat = new FlatIndex(vectors, config.metric());
  }

  /** Reads every stored vector of this collection into memory; called once before use. */
  void loadFromStore() {
    lock.writeLock().lock();
    try (KvCursor c = store.scan(Column.VECTORS, PointKeyCodec.collectionStart(config.id()),
        PointKeyCodec.collectionEnd(config.id()))) {
      for (; c.valid(); c.next()) {
        place(PointKeyCodec.idFromKey(c.key()), VectorCodec.decode(c.value()));
      }
    } finally {
      lock.writeLock().unlock();
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
      return new CollectionInfo(config, ordinals.size(), ramBytesUsed(), true);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Heap bytes of vectors, id map and live set (estimate). Caller holds a lock. */
  private long ramBytesUsed() {
    // ~72 bytes per HashMap entry with a boxed Integer and a small PointId record.
    return vectors.ramBytesUsed() + 8L * idsByOrdinal.length + 72L * ordinals.size()
        + live.size() / 8 + 4L * freeOrdinals.length;
  }

  /**
   * Inserts or replaces {@code points} durably. The whole batch is validated first; any bad
   * point rejects it with INVALID_ARGUMENT and nothing is written.
   */
  public WriteResult upsert(List<Point> points) {
    if (points.isEmpty()) {
      throw StorageException.invalid("points: batch is empty");
    }
    List<PointId> ids = new ArrayList<>(points.size());
    List<float[]> prepared = new ArrayList<>(points.size());
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
      batch.put(Column.VECTORS, key, VectorCodec.encode(v));
      batch.put(Column.PAYLOADS, key, PayloadCodec.encode(p.payload() == null ? Payload.EMPTY : p.payload()));
      ids.add(p.id());
      prepared.add(v);
    }
    return committer.submitAndWait(new GroupCommitter.Write<WriteResult>() {
      @Override
      public void prepare(KvBatch group, long sequence) {
        checkNotDropped();
        group.addAll(batch);
      }

      @Override
      public WriteResult apply(long sequence) {
        lock.writeLock().lock();
        try {
          for (int i = 0; i < ids.size(); i++) {
            place(ids.get(i), prepared.get(i));
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
    KvBatch batch = new KvBatch();
    for (PointId id : ids) {
      byte[] key = PointKeyCodec.key(config.id(), id);
      batch.delete(Column.VECTORS, key);
      batch.delete(Column.PAYLOADS, key);
    }
    return committer.submitAndWait(new GroupCommitter.Write<WriteResult>() {
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
            if (remove(id)) {
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
          withVector ? VectorCodec.decode(vectorBytes.get(i)) : null,
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
        vecs.add(withVector ? VectorCodec.decode(c.value()) : null);
      }
    }
    List<byte[]> payloadBytes = withPayload ? store.multiGet(Column.PAYLOADS, keys) : null;
    List<Point> points = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      points.add(new Point(ids.get(i), vecs.get(i), withPayload ? decodePayload(payloadBytes.get(i)) : null));
    }
    return new ScrollPage(points, next);
  }

  /** The {@code limit} nearest points, best first; equal scores by id. */
  public List<ScoredPoint> search(SearchRequest request) {
    long start = System.nanoTime();
    checkNotDropped();
    if (request.limit() < 1) {
      throw StorageException.invalid("limit: must be at least 1, got " + request.limit());
    }
    float[] query = VectorChecks.checkAndPrepare(request.vector(), config.dimension(),
        config.metric(), "vector");
    List<PointId> hitIds;
    List<SearchHit> hits;
    List<float[]> hitVectors = new ArrayList<>();
    lock.readLock().lock();
    try {
      hits = flat.search(query, request.limit(), live, ordinalLimit, request.scoreThreshold(),
          this::compareOrdinals);
      hitIds = new ArrayList<>(hits.size());
      for (SearchHit h : hits) {
        hitIds.add(idsByOrdinal[h.ordinal()]);
        if (request.withVector()) {
          hitVectors.add(vectors.get(h.ordinal()));
        }
      }
    } finally {
      lock.readLock().unlock();
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
    listener.searched(this, PLAN_EXACT, System.nanoTime() - start);
    return out;
  }

  private int compareOrdinals(int a, int b) {
    return idsByOrdinal[a].compareTo(idsByOrdinal[b]);
  }

  private static Payload decodePayload(byte[] bytes) {
    // A point deleted between the index read and the payload read has no payload left.
    return bytes == null ? Payload.EMPTY : PayloadCodec.decode(bytes);
  }

  /** Puts {@code vector} at {@code id}'s ordinal, allocating one if new. Caller holds the write lock. */
  private void place(PointId id, float[] vector) {
    Integer existing = ordinals.get(id);
    int ord;
    if (existing != null) {
      ord = existing;
    } else {
      ord = freeCount > 0 ? freeOrdinals[--freeCount] : ordinalLimit++;
      if (ord >= idsByOrdinal.length) {
        idsByOrdinal = Arrays.copyOf(idsByOrdinal, Math.max(ord + 1, idsByOrdinal.length * 2));
      }
      idsByOrdinal[ord] = id;
      ordinals.put(id, ord);
      live.set(ord);
    }
    vectors.set(ord, vector);
  }

  /** Removes {@code id}; returns whether it existed. Caller holds the write lock. */
  private boolean remove(PointId id) {
    Integer ord = ordinals.remove(id);
    if (ord == null) {
      return false;
    }
    live.clear(ord);
    idsByOrdinal[ord] = null;
    if (freeCount == freeOrdinals.length) {
      freeOrdinals = Arrays.copyOf(freeOrdinals, freeCount * 2);
    }
    freeOrdinals[freeCount++] = ord;
    return true;
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
  }
}
