package io.quiver.server.grpc;

import static io.quiver.server.support.Protos.id;
import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.quiver.proto.v1.CollectionInfo;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.ScrollResponse;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.SearchResponse;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The day-one path over a real server on loopback: create, upsert, search, scroll, restart. */
class LoopbackEndToEndTest {
  @TempDir Path dir;

  private static final int N = 10_000;
  private static final int DIM = 32;

  private static List<float[]> load(TestServer s, String name, Metric metric, long seed) {
    s.collections().create(CreateCollectionRequest.newBuilder().setName(name).setDimension(DIM)
        .setMetric(metric).setIndex("FLAT").build());
    Random r = new Random(seed);
    List<float[]> vectors = new ArrayList<>();
    for (int from = 0; from < N; from += 500) {
      UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection(name);
      for (int i = from; i < from + 500; i++) {
        float[] v = Oracle.randomVector(r, DIM);
        vectors.add(v);
        b.addPoints(point(i, v));
      }
      assertThat(s.points().upsert(b.build()).getApplied()).isEqualTo(500);
    }
    return vectors;
  }

  @ParameterizedTest
  @EnumSource(value = Metric.class, names = {"COSINE", "DOT", "L2"})
  void everySearchEqualsTheExactBruteForceAnswer(Metric metric) throws Exception {
    try (TestServer s = new TestServer(dir)) {
      List<float[]> vectors = load(s, "c", metric, metric.getNumber());
      Random r = new Random(99);
      double[] exact = new double[N];
      List<SearchRequest> batch = new ArrayList<>();
      for (int q = 0; q < 30; q++) {
        float[] query = Oracle.randomVector(r, DIM);
        int k = 1 + r.nextInt(25);
        SearchRequest req = SearchRequest.newBuilder().setCollection("c").setVector(vector(query)).setLimit(k)
            .setWith(WithParts.newBuilder().setPayload(true)).build();
        batch.add(req);
        SearchResponse resp = s.search().search(req);
        List<Integer> expected = Oracle.topK(metric, vectors, query, k, exact);
        assertThat(resp.getHitsList()).hasSize(k);
        for (int rank = 0; rank < k; rank++) {
          ScoredPoint hit = resp.getHits(rank);
          int got = (int) hit.getId().getNum();
          if (got != expected.get(rank)) {
            assertThat(exact[got]).as("near-tie only").isCloseTo(exact[expected.get(rank)], within(1e-4));
          }
          assertThat((double) hit.getScore()).isCloseTo(exact[got], within(1e-3));
          assertThat(hit.getPayloadMap().get("n").getIntegerValue()).isEqualTo(got);
        }
      }
      var batchResp = s.search().searchBatch(SearchBatchRequest.newBuilder().setCollection("c").addAllSearches(batch).build());
      assertThat(batchResp.getResultsCount()).isEqualTo(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        assertThat(batchResp.getResults(i)).isEqualTo(s.search().search(batch.get(i)));
      }
    }
  }

  @Test
  void scrollReturnsEveryPointExactlyOnceAcrossPages() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      load(s, "c", Metric.L2, 1);
      Set<Long> seen = new HashSet<>();
      String token = "";
      long last = -1;
      int pages = 0;
      do {
        ScrollResponse page = s.points().scroll(ScrollRequest.newBuilder().setCollection("c").setLimit(333)
            .setPageToken(token).build());
        for (Point p : page.getPointsList()) {
          assertThat(seen.add(p.getId().getNum())).as("seen once").isTrue();
          assertThat(p.getId().getNum()).as("id order").isGreaterThan(last);
          last = p.getId().getNum();
        }
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());
      assertThat(seen).hasSize(N);
      assertThat(pages).isEqualTo((N + 332) / 333);
    }
  }

  @Test
  void restartKeepsEveryPointPayloadAndCollection() throws Exception {
    List<float[]> vectors;
    SearchResponse before;
    SearchRequest req = SearchRequest.newBuilder().setCollection("c").setVector(vector(Oracle.randomVector(new Random(5), DIM)))
        .setLimit(10).setWith(WithParts.newBuilder().setPayload(true).setVector(true)).build();
    try (TestServer s = new TestServer(dir)) {
      vectors = load(s, "c", Metric.COSINE, 3);
      s.collections().create(CreateCollectionRequest.newBuilder().setName("empty").setDimension(3).setMetric(Metric.DOT).build());
      before = s.search().search(req);
    }
    try (TestServer s = new TestServer(dir)) {
      assertThat(s.collections().list(ListCollectionsRequest.getDefaultInstance()).getCollectionsList())
          .extracting(CollectionInfo::getName).containsExactly("c", "empty");
      CollectionInfo info = s.collections().get(GetCollectionRequest.newBuilder().setName("c").build()).getCollection();
      assertThat(info.getPointCount()).isEqualTo(N);
      assertThat(info.getDimension()).isEqualTo(DIM);
      assertThat(info.getMetric()).isEqualTo(Metric.COSINE);
      assertThat(info.getIndex()).isEqualTo("FLAT");
      assertThat(info.getIndexMemoryBytes()).isGreaterThan((long) N * DIM * 4);
      assertThat(s.points().count(CountRequest.newBuilder().setCollection("c").build()).getCount()).isEqualTo(N);
      assertThat(s.search().search(req)).isEqualTo(before);
      List<PointId> ids = new ArrayList<>();
      for (int i = 0; i < N; i += 97) {
        ids.add(id(i));
      }
      var got = s.points().get(GetPointsRequest.newBuilder().setCollection("c").addAllIds(ids)
          .setWith(WithParts.newBuilder().setPayload(true).setVector(true)).build());
      assertThat(got.getPointsCount()).isEqualTo(ids.size());
      for (Point p : got.getPointsList()) {
        int i = (int) p.getId().getNum();
        float[] expected = Oracle.prepared(Metric.COSINE, vectors.get(i));
        for (int d = 0; d < DIM; d++) {
          assertThat(p.getVector().getValues(d)).isCloseTo(expected[d], within(1e-6f));
        }
        assertThat(p.getPayloadMap().get("name").getStringValue()).isEqualTo("p" + i);
      }
    }
  }

  @Test
  void concurrentUpsertsFromEightClientsLoseNothing() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      s.collections().create(CreateCollectionRequest.newBuilder().setName("c").setDimension(8).setMetric(Metric.L2).build());
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            Random r = new Random(thread);
            for (int b = 0; b < 25; b++) {
              UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("c");
              for (int i = 0; i < 40; i++) {
                req.addPoints(point(thread * 10_000L + b * 40 + i, Oracle.randomVector(r, 8)));
              }
              s.points().upsert(req.build());
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(errors).isEmpty();
      assertThat(s.points().count(CountRequest.newBuilder().setCollection("c").build()).getCount()).isEqualTo(8 * 1000);
    }
    try (TestServer s = new TestServer(dir)) {
      assertThat(s.points().count(CountRequest.newBuilder().setCollection("c").build()).getCount()).isEqualTo(8 * 1000);
    }
  }

  @Test
  void hnswCollectionsServeSearchesThatSeeEveryAcknowledgedWrite() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      CollectionInfo created = s.collections().create(CreateCollectionRequest.newBuilder().setName("g").setDimension(DIM)
          .setMetric(Metric.L2).setIndex("hnsw(m=12)").build()).getCollection();
      assertThat(created.getIndex()).isEqualTo("HNSW(m=12, ef_construction=200, ef=128)");
      Random r = new Random(8);
      for (int from = 0; from < 3000; from += 500) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("g");
        for (int i = from; i < from + 500; i++) {
          b.addPoints(point(i, Oracle.randomVector(r, DIM)));
        }
        s.points().upsert(b.build());
        // Read-your-writes: the last point written is found at once, linked or not.
        Point last = b.getPoints(499);
        SearchResponse hit = s.search().search(SearchRequest.newBuilder().setCollection("g")
            .setVector(last.getVector()).setLimit(3).build());
        assertThat(hit.getHits(0).getId()).isEqualTo(last.getId());
        assertThat(hit.getHitsCount()).isEqualTo(3);
      }
      CollectionInfo info = s.collections().get(GetCollectionRequest.newBuilder().setName("g").build()).getCollection();
      assertThat(info.getPointCount()).isEqualTo(3000);
      assertThat(info.getIndexMemoryBytes()).isGreaterThan(3000L * DIM * 4);
    }
  }

  @Test
  void healthReflectsServingAndHttpProbesAnswer() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      HealthCheckResponse h = HealthGrpc.newBlockingStub(s.channel).check(HealthCheckRequest.newBuilder().setService("quiver.v1.Search").build());
      assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      HttpClient http = HttpClient.newHttpClient();
      for (String path : new String[] {"/livez", "/readyz"}) {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.httpPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(path).isEqualTo(200);
      }
    }
  }
}
