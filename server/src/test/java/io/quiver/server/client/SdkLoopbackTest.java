package io.quiver.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quiver.client.AlreadyExistsException;
import io.quiver.client.CollectionConfig;
import io.quiver.client.CollectionInfo;
import io.quiver.client.Include;
import io.quiver.client.InvalidArgumentException;
import io.quiver.client.Metric;
import io.quiver.client.NotFoundException;
import io.quiver.client.Payload;
import io.quiver.client.Point;
import io.quiver.client.PointId;
import io.quiver.client.QuiverClient;
import io.quiver.client.QuiverException;
import io.quiver.client.RetryPolicy;
import io.quiver.client.ScoredPoint;
import io.quiver.client.ScrollPage;
import io.quiver.client.SearchQuery;
import io.quiver.client.ServerInfo;
import io.quiver.client.UnavailableException;
import io.quiver.client.UpsertOptions;
import io.quiver.client.UpsertProgress;
import io.quiver.client.UpsertSummary;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.server.grpc.CollectionsService;
import io.quiver.server.grpc.PointsService;
import io.quiver.server.grpc.RequestLimits;
import io.quiver.server.grpc.SearchService;
import io.quiver.server.metrics.BuildInfo;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every public method of the SDK against a real server on loopback, and the bulk paths at scale. */
class SdkLoopbackTest {
  @TempDir Path dir;

  /** A record payload, converted both ways. */
  public record Doc(String title, int year, List<String> tags) {}

  private static QuiverClient connect(TestServer s) {
    return QuiverClient.builder().target("127.0.0.1:" + s.server.grpcPort()).build();
  }

  private static float[] vec(Random r) {
    return Oracle.randomVector(r, 4);
  }

  @Test
  void everyPublicMethodWorksAgainstARealServer() throws Exception {
    Random r = new Random(10);
    try (TestServer s = new TestServer(dir); QuiverClient client = connect(s)) {
      assertThat(QuiverClient.version()).isEqualTo(BuildInfo.current().version());
      ServerInfo info = client.serverInfo();
      assertThat(info.version()).isEqualTo(BuildInfo.current().version());
      assertThat(info.indexTypes()).contains("FLAT", "HNSW");
      assertThat(client.serverInfoAsync().get()).isEqualTo(info);
      assertThat(client.serverVersion().get(10, TimeUnit.SECONDS)).contains(info.version());

      // Collections.
      CollectionInfo a = client.createCollection(CollectionConfig.of("a", 4, Metric.COSINE).withIndex("HNSW(m=8)"));
      assertThat(a.index()).startsWith("HNSW");
      client.createCollection("b", 4, Metric.L2);
      assertThat(client.createCollectionAsync(CollectionConfig.of("c", 4, Metric.DOT)).get().name()).isEqualTo("c");
      assertThatThrownBy(() -> client.createCollection("a", 4, Metric.COSINE)).isInstanceOf(AlreadyExistsException.class);
      assertThat(client.getCollection("b").metric()).isEqualTo(Metric.L2);
      assertThat(client.getCollectionAsync("c").get().dimension()).isEqualTo(4);
      assertThat(client.listCollections()).extracting(CollectionInfo::name).containsExactly("a", "b", "c");
      assertThat(client.listCollectionsAsync().get()).hasSize(3);
      client.deleteCollection("b");
      client.deleteCollectionAsync("c").get();
      assertThatThrownBy(() -> client.getCollection("c")).isInstanceOf(NotFoundException.class);

      // Writes.
      Doc doc = new Doc("Vectors", 2024, List.of("ml"));
      assertThat(client.upsert("a", List.of(Point.of(1, vec(r), Payload.from(doc)))).applied()).isEqualTo(1);
      assertThat(client.upsertAsync("a", List.of(Point.of("two", List.of(0.1f, 0.2f, 0.3f, 0.4f), Map.of("k", "v"))))
          .get().applied()).isEqualTo(1);
      List<Point> batch = IntStream.range(10, 60).mapToObj(i -> Point.of(i, vec(r), Map.of("i", i))).toList();
      assertThat(client.upsertStream("a", batch, 7).applied()).isEqualTo(50);
      assertThat(client.upsertStream("a", batch.iterator(), 9).applied()).isEqualTo(50);
      assertThat(client.upsertStreamAsync("a", batch, 11).get().applied()).isEqualTo(50);
      assertThat(client.upsertStreamAsync("a", batch.iterator(), 13).get().applied()).isEqualTo(50);
      UpsertSummary summary = client.upsertAll("a", batch);
      assertThat(summary.points()).isEqualTo(50);
      assertThat(client.upsertAll("a", batch, UpsertOptions.builder().batchSize(5).build()).batches()).isEqualTo(10);
      assertThat(client.count("a")).isEqualTo(52);
      assertThat(client.countAsync("a").get()).isEqualTo(52);

      // Reads.
      Point one = client.getPoints("a", List.of(PointId.ofNumber(1), PointId.ofNumber(777))).getFirst();
      assertThat(one.payload().as(Doc.class)).isEqualTo(doc);
      assertThat(one.payload().getLong("year")).isEqualTo(2024);
      assertThat(one.hasVector()).isTrue();
      assertThat(client.getPoints("a", List.of(PointId.ofString("two")), Include.ID_ONLY).getFirst().payload()).isEmpty();
      assertThat(client.getPointsAsync("a", List.of(PointId.ofString("two")), Include.PAYLOAD).get().getFirst()
          .payload().getString("k")).isEqualTo("v");
      ScrollPage page = client.scroll("a", 20, null, Include.ID_ONLY);
      assertThat(page.points()).hasSize(20);
      ScrollPage next = client.scrollAsync("a", 20, page.nextPageToken(), Include.ID_ONLY).get();
      assertThat(next.points().getFirst().id()).isNotEqualTo(page.points().getLast().id());
      assertThat(client.scrollAll("a", 16, Include.ID_ONLY).count()).isEqualTo(52);
      Iterator<Point> it = client.scrollIterator("a", 16, Include.PAYLOAD);
      int n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      assertThat(n).isEqualTo(52);

      float[] q = vec(r);
      List<ScoredPoint> hits = client.search("a", SearchQuery.builder(q).limit(5).withPayload().withVector().exact().build());
      assertThat(hits).hasSize(5);
      assertThat(client.searchAsync("a", SearchQuery.builder(q).limit(5).exact().build()).get())
          .extracting(ScoredPoint::id).containsExactlyElementsOf(hits.stream().map(ScoredPoint::id).toList());
      List<List<ScoredPoint>> lists = client.searchBatch("a", List.of(SearchQuery.of(q, 3), SearchQuery.of(vec(r), 2)));
      assertThat(lists).extracting(List::size).containsExactly(3, 2);
      assertThat(client.searchBatchAsync("a", List.of(SearchQuery.of(q, 1))).get()).hasSize(1);

      // Deletes.
      assertThat(client.deletePoints("a", List.of(PointId.ofNumber(1), PointId.ofNumber(999))).deleted()).isEqualTo(1);
      assertThat(client.deletePointsAsync("a", List.of(PointId.ofString("two"))).get().deleted()).isEqualTo(1);
      assertThat(client.count("a")).isEqualTo(50);

      // Errors, deadlines, raw stubs.
      assertThatThrownBy(() -> client.upsert("a", List.of(Point.of(5, new float[3], Map.of()))))
          .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.serverMessage()).contains("dimension"));
      QuiverClient quick = client.withDeadline(Duration.ofNanos(1));
      assertThat(quick.defaultDeadline()).isEqualTo(Duration.ofNanos(1));
      assertThat(client.defaultDeadline()).isEqualTo(Duration.ofSeconds(30));
      assertThatThrownBy(() -> quick.count("a")).isInstanceOfSatisfying(QuiverException.class,
          e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(client.withDeadline(Duration.ofMinutes(5)).count("a")).isEqualTo(50);
      assertThat(client.raw().collections().list(ListCollectionsRequest.getDefaultInstance()).getCollectionsCount())
          .isEqualTo(1);
    }
  }

  @Test
  void scrollOver25000PointsReturnsEachExactlyOnce() throws Exception {
    int total = 25_000;
    try (TestServer s = new TestServer(dir); QuiverClient client = connect(s)) {
      client.createCollection("big", 4, Metric.L2);
      Random r = new Random(3);
      List<Point> points = new ArrayList<>(total);
      for (int i = 0; i < total; i++) {
        points.add(i % 5 == 0 ? Point.of("s" + i, vec(r), Map.of("i", i)) : Point.of(i, vec(r), Map.of("i", i)));
      }
      client.upsertAll("big", points, UpsertOptions.builder().batchSize(1000).build());
      BitSet seen = new BitSet(total);
      AtomicInteger duplicates = new AtomicInteger();
      client.scrollAll("big", 733, Include.PAYLOAD).forEach(p -> {
        int i = (int) p.payload().getLong("i");
        if (seen.get(i)) {
          duplicates.incrementAndGet();
        }
        seen.set(i);
      });
      assertThat(duplicates).hasValue(0);
      assertThat(seen.cardinality()).isEqualTo(total);
    }
  }

  @Test
  void upsertAllOf100000VectorsReportsProgressAndEveryPointArrives() throws Exception {
    int total = 100_000;
    int dim = 8;
    try (TestServer s = new TestServer(dir); QuiverClient client = connect(s)) {
      client.createCollection("bulk", dim, Metric.DOT);
      Random r = new Random(5);
      // Generated lazily: the iterable never holds all points at once.
      Iterable<Point> points = () -> IntStream.range(0, total)
          .mapToObj(i -> Point.of(i, Oracle.randomVector(r, dim), Map.of("i", i))).iterator();
      List<UpsertProgress> progress = new CopyOnWriteArrayList<>();
      UpsertSummary summary = client.upsertAll("bulk", points,
          UpsertOptions.builder().batchSize(1000).maxInFlight(4).onProgress(progress::add).build());

      assertThat(summary.points()).isEqualTo(total);
      assertThat(summary.batches()).isEqualTo(100);
      assertThat(summary.sequence()).isPositive();
      assertThat(progress).hasSize(100);
      assertThat(progress).extracting(UpsertProgress::points).isSorted().last().isEqualTo((long) total);
      assertThat(progress).extracting(UpsertProgress::batches).containsExactlyElementsOf(
          IntStream.rangeClosed(1, 100).mapToObj(i -> (long) i).toList());
      assertThat(client.count("bulk")).isEqualTo(total);
      assertThat(client.getPoints("bulk", List.of(PointId.ofNumber(0), PointId.ofNumber(total - 1)))).hasSize(2);
    }
  }

  @Test
  void aRealServerThatFailsTwiceWithUnavailableThenSucceedsIsRetried() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      AtomicInteger failuresLeft = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      ServerInterceptor flaky = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
          calls.incrementAndGet();
          if (failuresLeft.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            call.close(Status.UNAVAILABLE.withDescription("warming up"), new Metadata());
            return new ServerCall.Listener<>() {};
          }
          return next.startCall(call, headers);
        }
      };
      RequestLimits limits = RequestLimits.from(s.server.config());
      // The real services over the real engine, behind a flaky interceptor, on loopback TCP.
      Server proxy = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(new CollectionsService(s.server.database(), limits))
          .addService(new PointsService(s.server.database(), limits))
          .addService(new SearchService(s.server.database(), limits))
          .intercept(flaky)
          .build().start();
      try (QuiverClient client = QuiverClient.builder().target("127.0.0.1:" + proxy.getPort()).versionCheck(false)
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).build()).build()) {
        client.createCollection("r", 2, Metric.L2);
        calls.set(0);
        failuresLeft.set(2);
        assertThat(client.upsert("r", List.of(Point.of(1, new float[] {1, 2}, Map.of()))).applied()).isEqualTo(1);
        assertThat(calls).hasValue(3);

        calls.set(0);
        failuresLeft.set(2);
        assertThat(client.searchAsync("r", SearchQuery.of(new float[] {1, 2}, 1)).get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(calls).hasValue(3);

        calls.set(0);
        failuresLeft.set(10);
        assertThatThrownBy(() -> client.count("r")).isInstanceOfSatisfying(UnavailableException.class,
            e -> assertThat(e.serverMessage()).isEqualTo("warming up"));
        assertThat(calls).hasValue(RetryPolicy.defaults().maxAttempts());

        failuresLeft.set(1);
        assertThatThrownBy(() -> client.createCollection("r2", 2, Metric.L2)).isInstanceOf(UnavailableException.class);
      } finally {
        proxy.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
