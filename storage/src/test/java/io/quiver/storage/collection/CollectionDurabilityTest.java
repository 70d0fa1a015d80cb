package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.StorageException;
import io.quiver.storage.kv.KvBatch;
import io.quiver.storage.kv.KvCursor;
import io.quiver.storage.kv.KvStore;
import io.quiver.storage.kv.Column;
import io.quiver.storage.kv.RocksKvStore;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionDurabilityTest {
  @TempDir Path dir;

  @Test
  void restartRestoresEveryPointPayloadAndCollection() {
    List<Point> points = TestData.points(5, 3000, 16);
    List<ScoredPoint> before;
    float[] q = TestData.randomVector(new Random(9), 16);
    Payload nested = new Payload(Map.of(
        "s", new PayloadValue.Text("héllo"),
        "n", PayloadValue.Null.INSTANCE,
        "d", new PayloadValue.Real(2.5),
        "b", new PayloadValue.Bool(true),
        "l", new PayloadValue.ListOf(List.of(new PayloadValue.Int(-1), new PayloadValue.Text("x"))),
        "m", new PayloadValue.MapOf(Map.of("inner", new PayloadValue.Int(Long.MIN_VALUE)))));
    long seq;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("docs", 16, VectorSimilarity.COSINE, "FLAT", 8192);
      db.create("other", 3, VectorSimilarity.L2, "FLAT", 8192)
          .upsert(List.of(new Point(PointId.of("s-1"), new float[] {1, 2, 3}, nested)));
      c.upsert(points.subList(0, 2000));
      c.upsert(points.subList(2000, 3000));
      c.delete(List.of(PointId.of(0), PointId.of(1), PointId.of(99_999)));
      before = c.search(new SearchRequest(q, 10, null, true, true, io.quiver.storage.index.SearchParams.DEFAULT));
      seq = db.lastSequence();
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThat(db.list()).extracting(Collection::name).containsExactly("docs", "other");
      Collection c = db.get("docs");
      assertThat(c.count()).isEqualTo(2998);
      assertThat(c.config().metric()).isEqualTo(VectorSimilarity.COSINE);
      List<ScoredPoint> after = c.search(new SearchRequest(q, 10, null, true, true, io.quiver.storage.index.SearchParams.DEFAULT));
      assertThat(after).usingRecursiveFieldByFieldElementComparator().isEqualTo(before);
      assertThat(db.get("other").get(List.of(PointId.of("s-1")), true, true))
          .singleElement().satisfies(p -> {
            assertThat(p.payload()).isEqualTo(nested);
            assertThat(p.vector()).containsExactly(1, 2, 3);
          });
      assertThat(c.get(List.of(PointId.of(0), PointId.of(2)), false, false))
          .extracting(Point::id).containsExactly(PointId.of(2));
      // The sequence continues where it stopped.
      long next = c.upsert(List.of(points.get(0))).sequence();
      assertThat(next).isGreaterThan(seq);
    }
  }

  @Test
  void concurrentUpsertsFromEightThreadsLoseNothing() throws Exception {
    int threads = 8;
    int perThread = 1500;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 8, VectorSimilarity.DOT, "FLAT", 8192);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      Set<Long> sequences = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          Random r = new Random(thread);
          for (int i = 0; i < perThread; i += 50) {
            List<Point> batch = new ArrayList<>();
            for (int j = i; j < i + 50; j++) {
              batch.add(new Point(PointId.of(thread * 1_000_000L + j), TestData.randomVector(r, 8), null));
            }
            assertThat(sequences.add(c.upsert(batch).sequence())).as("sequence unique").isTrue();
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(c.count()).isEqualTo(threads * perThread);
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.get("c");
      assertThat(c.count()).isEqualTo(threads * perThread);
      Set<PointId> seen = new HashSet<>();
      PointId from = null;
      do {
        ScrollPage page = c.scroll(from, 777, false, false);
        page.points().forEach(p -> assertThat(seen.add(p.id())).isTrue());
        from = page.next();
      } while (from != null);
      assertThat(seen).hasSize(threads * perThread);
    }
  }

  /** With a slow disk, writers that arrive during one fsync share the next one. */
  @Test
  void concurrentWritersShareOneSync() throws Exception {
    RocksKvStore rocks = RocksKvStore.open(dir, 8 << 20);
    AtomicInteger syncs = new AtomicInteger();
    KvStore slow = new KvStore() {
      public byte[] get(Column c, byte[] k) { return rocks.get(c, k); }
      public List<byte[]> multiGet(Column c, List<byte[]> k) { return rocks.multiGet(c, k); }
      public KvCursor scan(Column c, byte[] f, byte[] t) { return rocks.scan(c, f, t); }
      public long approximateDiskBytes() { return rocks.approximateDiskBytes(); }
      public void close() { rocks.close(); }
      public void write(KvBatch b, boolean sync) {
        syncs.incrementAndGet();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          throw new RuntimeException(e);
        }
        rocks.write(b, sync);
      }
    };
    AtomicLong groupedWrites = new AtomicLong();
    try (Database db = Database.open(slow, null, DatabaseOptions.DEFAULTS, (writes, nanos) -> groupedWrites.addAndGet(writes))) {
      Collection c = db.create("c", 4, VectorSimilarity.L2, "FLAT", 8192);
      int before = syncs.get();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            c.upsert(List.of(new Point(PointId.of(thread * 100L + i), new float[] {1, 2, 3, 4}, null)));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      int used = syncs.get() - before;
      assertThat(c.count()).isEqualTo(80);
      assertThat(used).as("80 writes from 8 threads need far fewer syncs").isLessThan(40);
    }
  }

  /** A collection's durability decides the fsync; a request can only make it stricter. */
  @Test
  void durabilityIsPerCollectionAndOnlyStricterPerRequest() {
    RocksKvStore rocks = RocksKvStore.open(dir, 8 << 20);
    List<Boolean> syncs = java.util.Collections.synchronizedList(new ArrayList<>());
    KvStore recording = new KvStore() {
      public byte[] get(Column c, byte[] k) { return rocks.get(c, k); }
      public List<byte[]> multiGet(Column c, List<byte[]> k) { return rocks.multiGet(c, k); }
      public KvCursor scan(Column c, byte[] f, byte[] t) { return rocks.scan(c, f, t); }
      public long approximateDiskBytes() { return rocks.approximateDiskBytes(); }
      public io.quiver.storage.kv.KvStats stats() { return rocks.stats(); }
      public void close() { rocks.close(); }
      public void write(KvBatch b, boolean sync) {
        syncs.add(sync);
        rocks.write(b, sync);
      }
    };
    try (Database db = Database.open(recording, null, DatabaseOptions.DEFAULTS, (writes, nanos) -> {})) {
      Collection fast = db.create("fast", 2, VectorSimilarity.L2, "FLAT", 8192, Durability.ASYNC, 100);
      Collection safe = db.create("safe", 2, VectorSimilarity.L2, "FLAT", 8192, Durability.SYNC, 100);
      assertThat(fast.config().durability()).isEqualTo(Durability.ASYNC);
      syncs.clear();
      Point p = new Point(PointId.of(1), new float[] {1, 2}, null);
      fast.upsert(List.of(p));
      fast.upsert(List.of(p), Durability.SYNC);
      safe.upsert(List.of(p), Durability.ASYNC);
      fast.delete(List.of(PointId.of(1)));
      safe.delete(List.of(PointId.of(1)));
      assertThat(syncs).containsExactly(false, true, true, false, true);
      assertThatThrownBy(() -> db.create("third", 2, VectorSimilarity.L2, "FLAT", 8192, Durability.SYNC, 2))
          .isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(StorageException.Reason.RESOURCE_EXHAUSTED);
            assertThat(e.getMessage()).contains("limits.max_collections=2");
          });
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThat(db.get("fast").config().durability()).isEqualTo(Durability.ASYNC);
      assertThat(db.get("safe").config().durability()).isEqualTo(Durability.SYNC);
    }
  }

  /** A failed WAL write stops writes for good (acknowledging more could lose them); reads go on. */
  @Test
  void aFailedDurableWriteStopsWritesAndIsReported() {
    RocksKvStore rocks = RocksKvStore.open(dir, 8 << 20);
    java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
    KvStore flaky = new KvStore() {
      public byte[] get(Column c, byte[] k) { return rocks.get(c, k); }
      public List<byte[]> multiGet(Column c, List<byte[]> k) { return rocks.multiGet(c, k); }
      public KvCursor scan(Column c, byte[] f, byte[] t) { return rocks.scan(c, f, t); }
      public long approximateDiskBytes() { return rocks.approximateDiskBytes(); }
      public void close() { rocks.close(); }
      public void write(KvBatch b, boolean sync) {
        if (failNext.get()) {
          throw new StorageException(StorageException.Reason.UNAVAILABLE, "fsync failed: EIO");
        }
        rocks.write(b, sync);
      }
    };
    List<StorageException> stopped = java.util.Collections.synchronizedList(new ArrayList<>());
    DatabaseListener listener = new DatabaseListener() {
      @Override
      public void onWritesStopped(StorageException reason) {
        stopped.add(reason);
      }
    };
    try (Database db = Database.open(flaky, null, DatabaseOptions.DEFAULTS, listener)) {
      Collection c = db.create("c", 2, VectorSimilarity.L2, "FLAT", 8192);
      c.upsert(List.of(new Point(PointId.of(1), new float[] {1, 2}, null)));
      failNext.set(true);
      assertThatThrownBy(() -> c.upsert(List.of(new Point(PointId.of(2), new float[] {3, 4}, null))))
          .isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE);
            assertThat(e.getMessage()).contains("writes are stopped").contains("EIO");
          });
      failNext.set(false);
      assertThatThrownBy(() -> c.delete(List.of(PointId.of(1)))).hasMessageContaining("writes are stopped");
      assertThat(db.writable()).isFalse();
      assertThat(stopped).hasSize(1);
      assertThat(c.count()).as("the failed write was not applied").isEqualTo(1);
      assertThat(c.search(SearchRequest.of(new float[] {1, 2}, 5))).hasSize(1);
    }
  }

  @Test
  void deletedCollectionLeavesNothingBehind() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      db.create("c", 4, VectorSimilarity.L2, "FLAT", 8192).upsert(TestData.points(1, 100, 4));
      db.delete("c");
      assertThatThrownBy(() -> db.get("c")).isInstanceOf(StorageException.class)
          .extracting(e -> ((StorageException) e).reason()).isEqualTo(StorageException.Reason.NOT_FOUND);
      Collection again = db.create("c", 4, VectorSimilarity.L2, "FLAT", 8192);
      assertThat(again.count()).isZero();
      assertThat(again.scroll(null, 10, false, false).points()).isEmpty();
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThat(db.get("c").count()).isZero();
    }
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefusedAsLocked() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      assertThatThrownBy(() -> Database.open(dir, DatabaseOptions.DEFAULTS))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("locked");
    }
  }
}
