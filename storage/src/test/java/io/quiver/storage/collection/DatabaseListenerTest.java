package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.kv.KvStats;
import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring hooks report what happened, and the store statistics read sensible values. */
class DatabaseListenerTest {
  @TempDir Path dir;

  private static final class Recorder implements DatabaseListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger upserted = new AtomicInteger();
    final AtomicInteger deleted = new AtomicInteger();
    final AtomicInteger searches = new AtomicInteger();
    final AtomicLong groupWrites = new AtomicLong();

    @Override
    public void collectionOpened(Collection c) {
      events.add("opened " + c.name());
    }

    @Override
    public void collectionDropped(Collection c) {
      events.add("dropped " + c.name());
    }

    @Override
    public void upserted(Collection c, int points) {
      upserted.addAndGet(points);
    }

    @Override
    public void deleted(Collection c, int n) {
      deleted.addAndGet(n);
    }

    @Override
    public void searched(Collection c, String plan, long nanos) {
      assertThat(plan).isEqualTo(Collection.PLAN_EXACT);
      assertThat(nanos).isPositive();
      searches.incrementAndGet();
    }

    @Override
    public void onGroupWritten(int writes, long nanos) {
      groupWrites.addAndGet(writes);
    }
  }

  @Test
  void reportsLifecycleWritesSearchesAndGroups() {
    Recorder r = new Recorder();
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS, r)) {
      Collection c = db.create("a", 8, VectorSimilarity.L2, "FLAT", 8192);
      c.upsert(TestData.points(1, 100, 8));
      c.delete(List.of(PointId.of(0), PointId.of(1), PointId.of(100_000)));
      c.search(SearchRequest.of(TestData.randomVector(new java.util.Random(1), 8), 3));
      db.create("b", 4, VectorSimilarity.DOT, "FLAT", 8192);
      db.delete("b");

      assertThat(r.upserted).hasValue(100);
      assertThat(r.deleted).as("only existing ids count").hasValue(2);
      assertThat(r.searches).hasValue(1);
      assertThat(r.groupWrites.get()).as("create a, upsert, delete, create b, delete b").isEqualTo(5);
      assertThat(r.events).containsExactly("opened a", "opened b", "dropped b");

      KvStats stats = db.storeStats();
      assertThat(stats.blockCacheCapacityBytes()).isEqualTo(DatabaseOptions.DEFAULTS.blockCacheBytes());
      assertThat(stats.walFilesBytes()).isPositive();
      assertThat(stats.memtableBytes()).isPositive();
      assertThat(stats.sstFilesBytes()).isNotNegative();
      assertThat(stats.pendingCompactionBytes()).isNotNegative();
      assertThat(stats.runningCompactions()).isNotNegative();
      assertThat(stats.blockCacheUsageBytes()).isNotNegative();
    }
    Recorder reopened = new Recorder();
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS, reopened)) {
      assertThat(reopened.events).as("loaded collections are reported").containsExactly("opened a");
      db.close();
      assertThat(db.storeStats()).isEqualTo(KvStats.UNAVAILABLE);
    }
  }
}
