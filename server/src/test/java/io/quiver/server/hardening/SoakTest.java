package io.quiver.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.server.support.TestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: 8 client threads mix upserts, deletes, searches and filtered searches
 * against one server for
 * {@code quiver.soak.seconds} (default 40) over an HNSW and a FLAT collection. Every call must
 * succeed; each thread checks that its own latest writes are found (read-your-writes) and its
 * deletes never come back; heap after GC must not grow with time (the working set is bounded,
 * so growth would be a leak).
 */
class SoakTest {
  private static final int DIM = 16;
  private static final int IDS_PER_THREAD = 1500;

  @TempDir Path dir;

  private static Vector vector(float[] v) {
    Vector.Builder b = Vector.newBuilder();
    for (float x : v) {
      b.addValues(x);
    }
    return b.build();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void eightClientsMixingWritesAndSearchesStayCorrectWithBoundedHeap() throws Exception {
    long seconds = Long.getLong("quiver.soak.seconds", 40);
    try (TestServer s = new TestServer(dir, Map.of("logging.access_log", "false"))) {
      for (String name : List.of("soak_hnsw", "soak_flat")) {
        s.collections().create(CreateCollectionRequest.newBuilder().setName(name).setDimension(DIM).setMetric(Metric.L2)
            .setIndex(name.endsWith("hnsw") ? "HNSW(m=8, ef_construction=64)" : "FLAT").build());
      }
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      AtomicLong operations = new AtomicLong();
      AtomicLong ownWriteChecks = new AtomicLong();
      AtomicLong ownWriteMisses = new AtomicLong();
      long[] heap = new long[2];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds / 4);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.add(Thread.ofPlatform().name("soak-" + t).start(() -> {
          Random r = new Random(thread);
          PointsGrpc.PointsBlockingStub points = PointsGrpc.newBlockingStub(s.channel);
          SearchGrpc.SearchBlockingStub search = SearchGrpc.newBlockingStub(s.channel);
          Map<String, Map<Long, float[]>> mine = Map.of("soak_hnsw", new HashMap<>(), "soak_flat", new HashMap<>());
          try {
            while (System.nanoTime() < deadline) {
              String collection = r.nextBoolean() ? "soak_hnsw" : "soak_flat";
              Map<Long, float[]> live = mine.get(collection);
              int op = r.nextInt(10);
              if (op < 4) {
                UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection(collection);
                Map<Long, float[]> batch = new HashMap<>();
                for (int i = 0; i < 1 + r.nextInt(20); i++) {
                  long id = (long) r.nextInt(IDS_PER_THREAD) * 8 + thread;
                  float[] v = new float[DIM];
                  for (int d = 0; d < DIM; d++) {
                    v[d] = (float) r.nextGaussian();
                  }
                  if (batch.putIfAbsent(id, v) == null) {
                    req.addPoints(Point.newBuilder().setId(PointId.newBuilder().setNum(id)).setVector(vector(v))
                        .putPayload("thread", Value.newBuilder().setIntegerValue(thread).build()));
                  }
                }
                points.withDeadlineAfter(30, TimeUnit.SECONDS).upsert(req.build());
                live.putAll(batch);
                // Read-your-writes: a point just written is found at once. Exactly in FLAT; HNSW
                // scores unlinked points exactly, but a linked one is found by an approximate
                // search, so there a rare miss is counted rather than failed.
                var any = batch.entrySet().iterator().next();
                List<ScoredPoint> hits = search.withDeadlineAfter(30, TimeUnit.SECONDS).search(SearchRequest.newBuilder()
                    .setCollection(collection).setVector(vector(any.getValue())).setLimit(10).build()).getHitsList();
                boolean found = hits.stream().anyMatch(h -> h.getId().getNum() == any.getKey());
                if (collection.equals("soak_flat")) {
                  assertThat(found).as("own write found by the exact index").isTrue();
                } else {
                  ownWriteChecks.incrementAndGet();
                  if (!found) {
                    ownWriteMisses.incrementAndGet();
                  }
                }
              } else if (op < 6 && !live.isEmpty()) {
                List<Long> ids = new ArrayList<>(live.keySet());
                DeletePointsRequest.Builder req = DeletePointsRequest.newBuilder().setCollection(collection);
                List<Long> gone = new ArrayList<>();
                for (int i = 0; i < 1 + r.nextInt(5); i++) {
                  long id = ids.get(r.nextInt(ids.size()));
                  gone.add(id);
                  req.addIds(PointId.newBuilder().setNum(id));
                }
                points.withDeadlineAfter(30, TimeUnit.SECONDS).delete(req.build());
                float[] v = live.get(gone.getFirst());
                gone.forEach(live::remove);
                if (v != null) {
                  List<ScoredPoint> hits = search.withDeadlineAfter(30, TimeUnit.SECONDS).search(SearchRequest.newBuilder()
                      .setCollection(collection).setVector(vector(v)).setLimit(5).build()).getHitsList();
                  for (ScoredPoint h : hits) {
                    assertThat(gone).as("a deleted point came back").doesNotContain(h.getId().getNum());
                  }
                }
              } else if (op < 8) {
                // Filtered search: only this thread's points (about 1/8 of the collection).
                float[] q = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                  q[d] = (float) r.nextGaussian();
                }
                io.quiver.proto.v1.Filter mineOnly = io.quiver.proto.v1.Filter.newBuilder().addMust(
                    io.quiver.proto.v1.Condition.newBuilder().setField(io.quiver.proto.v1.FieldCondition.newBuilder()
                        .setKey("thread").setMatch(io.quiver.proto.v1.Match.newBuilder().setInteger(thread)))).build();
                var resp = search.withDeadlineAfter(30, TimeUnit.SECONDS).search(SearchRequest.newBuilder()
                    .setCollection(collection).setVector(vector(q)).setLimit(10).setFilter(mineOnly).build());
                for (ScoredPoint h : resp.getHitsList()) {
                  assertThat(h.getId().getNum() % 8).as("filtered search returned another thread's point").isEqualTo(thread);
                }
                // Other threads write too, so only a lower bound holds: what this thread alone
                // has live (never more than the collection's matches).
                assertThat(resp.getHitsCount()).as("min(k, matches) hits").isGreaterThanOrEqualTo(
                    (int) Math.min(10, Math.min(live.size(), resp.getFilterMatches())));
              } else {
                float[] q = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                  q[d] = (float) r.nextGaussian();
                }
                List<ScoredPoint> hits = search.withDeadlineAfter(30, TimeUnit.SECONDS).search(SearchRequest.newBuilder()
                    .setCollection(collection).setVector(vector(q)).setLimit(10).build()).getHitsList();
                for (int i = 1; i < hits.size(); i++) {
                  assertThat(hits.get(i).getScore()).isGreaterThanOrEqualTo(hits.get(i - 1).getScore());
                }
              }
              operations.incrementAndGet();
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(warmEnd - System.nanoTime())));
      heap[0] = usedHeapAfterGc();
      for (Thread t : threads) {
        t.join();
      }
      heap[1] = usedHeapAfterGc();
      assertThat(errors).as("errors during the soak").isEmpty();
      assertThat(operations.get()).as("operations done").isGreaterThan(500);
      assertThat(ownWriteMisses.get()).as("HNSW misses of a point just written, of %d", ownWriteChecks.get())
          .isLessThanOrEqualTo(ownWriteChecks.get() / 100);
      // The data set is bounded (ids repeat), so the heap may not grow by more than a little.
      assertThat(heap[1] - heap[0]).as("heap growth after GC, bytes (from %d to %d)", heap[0], heap[1])
          .isLessThan(64L << 20);
      long total = 0;
      for (String name : List.of("soak_hnsw", "soak_flat")) {
        total += s.points().count(CountRequest.newBuilder().setCollection(name).build()).getCount();
      }
      assertThat(total).isLessThanOrEqualTo(2L * 8 * IDS_PER_THREAD);
      System.out.printf("soak: %d operations in %d s by 8 clients, heap after GC %d -> %d MiB, HNSW own-write misses %d of %d%n",
          operations.get(), seconds, heap[0] >> 20, heap[1] >> 20, ownWriteMisses.get(), ownWriteChecks.get());
    }
  }
}
