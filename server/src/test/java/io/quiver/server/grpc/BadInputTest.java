package io.quiver.server.grpc;

import static io.quiver.server.support.Protos.id;
import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.Filter;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.Struct;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.support.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets its status and a message naming the field; nothing changes. */
class BadInputTest {
  @TempDir Path dir;
  private TestServer s;
  private CollectionsGrpc.CollectionsBlockingStub collections;
  private PointsGrpc.PointsBlockingStub points;
  private SearchGrpc.SearchBlockingStub search;
  private UpsertRequest good;

  @BeforeEach
  void start() {
    s = new TestServer(dir, Map.of("limits.max_batch_size", "100", "limits.max_search_limit", "50",
        "limits.max_dimension", "1024", "limits.max_message_mb", "1"));
    collections = s.collections();
    points = s.points();
    search = s.search();
    collections.create(CreateCollectionRequest.newBuilder().setName("c").setDimension(3).setMetric(Metric.COSINE).build());
    good = UpsertRequest.newBuilder().setCollection("c")
        .addPoints(point(1, new float[] {1, 0, 0})).addPoints(point(2, new float[] {0, 1, 0})).build();
    points.upsert(good);
  }

  @AfterEach
  void stop() throws InterruptedException {
    s.close();
  }

  private static void expect(ThrowingCallable call, Status.Code code, String... fragments) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
      for (String f : fragments) {
        assertThat(e.getStatus().getDescription()).contains(f);
      }
    });
  }

  private UpsertRequest upsertOf(Point... ps) {
    return UpsertRequest.newBuilder().setCollection("c").addAllPoints(java.util.List.of(ps)).build();
  }

  @Test
  void writesThatBreakARuleAreRefusedAndChangeNothing() {
    var info = collections.get(GetCollectionRequest.newBuilder().setName("c").build()).getCollection();
    long seq = points.upsert(good).getSequence();

    expect(() -> points.upsert(upsertOf(point(3, new float[] {1, 0}))), Status.Code.INVALID_ARGUMENT,
        "points[0].vector", "expected 3", "got 2");
    expect(() -> points.upsert(upsertOf(point(3, new float[] {1, 0, 0}), point(4, new float[] {Float.NaN, 0, 0}))),
        Status.Code.INVALID_ARGUMENT, "points[1].vector[0]", "finite");
    expect(() -> points.upsert(upsertOf(point(3, new float[] {Float.NEGATIVE_INFINITY, 0, 0}))),
        Status.Code.INVALID_ARGUMENT, "finite");
    expect(() -> points.upsert(upsertOf(point(3, new float[0]))), Status.Code.INVALID_ARGUMENT, "empty");
    expect(() -> points.upsert(upsertOf(Point.newBuilder().setVector(vector(1, 0, 0)).build())),
        Status.Code.INVALID_ARGUMENT, "points[0].id");
    expect(() -> points.upsert(upsertOf(Point.newBuilder().setId(id("x".repeat(257))).setVector(vector(1, 0, 0)).build())),
        Status.Code.INVALID_ARGUMENT, "points[0].id", "256");
    expect(() -> points.upsert(upsertOf(point(3, new float[] {1, 0, 0}), point(3, new float[] {0, 1, 0}))),
        Status.Code.INVALID_ARGUMENT, "twice");
    UpsertRequest.Builder big = UpsertRequest.newBuilder().setCollection("c");
    for (int i = 0; i < 101; i++) {
      big.addPoints(point(1000 + i, new float[] {1, 1, 1}));
    }
    expect(() -> points.upsert(big.build()), Status.Code.INVALID_ARGUMENT, "points", "101", "limits.max_batch_size=100");
    expect(() -> points.upsert(UpsertRequest.newBuilder().setCollection("c").build()), Status.Code.INVALID_ARGUMENT, "points");
    expect(() -> points.upsert(UpsertRequest.newBuilder().setCollection("nope").addPoints(point(5, new float[] {1, 0, 0})).build()),
        Status.Code.NOT_FOUND, "nope");
    Value deep = Value.newBuilder().setIntegerValue(1).build();
    // 20 levels: past Quiver's limit of 16, within protobuf's own parse limit of 100 messages.
    for (int i = 0; i < 20; i++) {
      deep = Value.newBuilder().setStructValue(Struct.newBuilder().putFields("x", deep)).build();
    }
    Point deepPoint = Point.newBuilder().setId(id(9)).setVector(vector(1, 0, 0)).putPayload("d", deep).build();
    expect(() -> points.upsert(upsertOf(deepPoint)), Status.Code.INVALID_ARGUMENT, "payload.d", "deeper");
    // Over the gRPC message limit (1 MiB here): refused by the transport with RESOURCE_EXHAUSTED.
    Random r = new Random(1);
    UpsertRequest.Builder huge = UpsertRequest.newBuilder().setCollection("c");
    for (int i = 0; i < 90; i++) {
      huge.addPoints(Point.newBuilder().setId(id(2000 + i)).setVector(vector(1, 0, 0))
          .putPayload("blob", Value.newBuilder().setStringValue(Long.toString(r.nextLong()).repeat(800)).build()));
    }
    expect(() -> points.upsert(huge.build()), Status.Code.RESOURCE_EXHAUSTED);
    expect(() -> points.delete(DeletePointsRequest.newBuilder().setCollection("c").addIds(PointId.getDefaultInstance()).build()),
        Status.Code.INVALID_ARGUMENT, "ids[0]");

    var after = collections.get(GetCollectionRequest.newBuilder().setName("c").build()).getCollection();
    assertThat(after.getPointCount()).isEqualTo(info.getPointCount()).isEqualTo(2);
    assertThat(points.upsert(good).getSequence()).as("no write happened in between").isEqualTo(seq + 1);
    assertThat(points.get(GetPointsRequest.newBuilder().setCollection("c").addIds(id(1)).addIds(id(2))
        .setWith(WithParts.newBuilder().setVector(true)).build()).getPointsList())
        .extracting(p -> p.getVector().getValuesList()).containsExactly(
            java.util.List.of(1f, 0f, 0f), java.util.List.of(0f, 1f, 0f));
  }

  @Test
  void payloadCollectionAndMemoryLimitsAreEnforcedWithTheirNames() throws Exception {
    try (var t = new io.quiver.server.support.TestServer(dir.resolve("limits"), Map.of(
        "limits.max_payload_bytes", "200", "limits.max_string_bytes", "20", "limits.max_collections", "2",
        "limits.memory_budget_mb", "1"))) {
      var cols = t.collections();
      var pts = t.points();
      cols.create(CreateCollectionRequest.newBuilder().setName("a").setDimension(64).setMetric(Metric.L2).build());
      Point longString = Point.newBuilder().setId(id(1)).setVector(vector(new float[64]))
          .putPayload("title", Value.newBuilder().setStringValue("x".repeat(21)).build()).build();
      expect(() -> pts.upsert(UpsertRequest.newBuilder().setCollection("a").addPoints(longString).build()),
          Status.Code.INVALID_ARGUMENT, "points[0].payload.title", "21 bytes", "limits.max_string_bytes=20");
      Point.Builder big = Point.newBuilder().setId(id(2)).setVector(vector(new float[64]));
      for (int i = 0; i < 20; i++) {
        big.putPayload("field" + i, Value.newBuilder().setStringValue("0123456789").build());
      }
      expect(() -> pts.upsert(UpsertRequest.newBuilder().setCollection("a").addPoints(big).build()),
          Status.Code.INVALID_ARGUMENT, "points[0].payload", "limits.max_payload_bytes=200");
      cols.create(CreateCollectionRequest.newBuilder().setName("b").setDimension(4).setMetric(Metric.L2).build());
      expect(() -> cols.create(CreateCollectionRequest.newBuilder().setName("c").setDimension(4).setMetric(Metric.L2).build()),
          Status.Code.RESOURCE_EXHAUSTED, "limits.max_collections=2");
      // 64 floats per point: about 4,000 points fill a 1 MiB budget.
      int written = 0;
      StatusRuntimeException refused = null;
      for (int b = 0; b < 20 && refused == null; b++) {
        UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("a");
        for (int i = 0; i < 100; i++) {
          req.addPoints(point(10_000L + b * 100L + i, new float[64]));
        }
        try {
          pts.upsert(req.build());
          written += 100;
        } catch (StatusRuntimeException e) {
          refused = e;
        }
      }
      assertThat(refused).as("the memory budget stops writes").isNotNull();
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getDescription()).contains("limits.memory_budget_mb=1");
      assertThat(pts.count(CountRequest.newBuilder().setCollection("a").build()).getCount()).isEqualTo(written);
    }
  }

  @Test
  void filterLimitsAreConfigurable() throws Exception {
    try (var t = new io.quiver.server.support.TestServer(dir.resolve("filters"), Map.of(
        "limits.max_filter_depth", "2", "limits.max_filter_conditions", "3", "limits.max_filter_values", "2"))) {
      t.collections().create(CreateCollectionRequest.newBuilder().setName("f").setDimension(2).setMetric(Metric.L2).build());
      io.quiver.proto.v1.Condition lang = io.quiver.proto.v1.Condition.newBuilder().setField(
          io.quiver.proto.v1.FieldCondition.newBuilder().setKey("lang")
              .setMatch(io.quiver.proto.v1.Match.newBuilder().setKeyword("en"))).build();
      io.quiver.proto.v1.Filter ok = io.quiver.proto.v1.Filter.newBuilder().addMust(lang).build();
      assertThat(t.points().count(CountRequest.newBuilder().setCollection("f").setFilter(ok).build()).getCount()).isZero();
      io.quiver.proto.v1.Filter deep = ok;
      for (int i = 0; i < 2; i++) {
        deep = io.quiver.proto.v1.Filter.newBuilder().addMust(io.quiver.proto.v1.Condition.newBuilder().setFilter(deep)).build();
      }
      io.quiver.proto.v1.Filter tooDeep = deep;
      expect(() -> t.points().count(CountRequest.newBuilder().setCollection("f").setFilter(tooDeep).build()),
          Status.Code.INVALID_ARGUMENT, "limits.max_filter_depth=2");
      io.quiver.proto.v1.Filter many = io.quiver.proto.v1.Filter.newBuilder().addMust(lang).addMust(lang).addShould(lang)
          .addMustNot(lang).build();
      expect(() -> t.points().count(CountRequest.newBuilder().setCollection("f").setFilter(many).build()),
          Status.Code.INVALID_ARGUMENT, "limits.max_filter_conditions=3");
      io.quiver.proto.v1.Filter values = io.quiver.proto.v1.Filter.newBuilder().addMust(io.quiver.proto.v1.Condition
          .newBuilder().setField(io.quiver.proto.v1.FieldCondition.newBuilder().setKey("lang").setMatchAny(
              io.quiver.proto.v1.MatchAny.newBuilder().addKeywords("a").addKeywords("b").addKeywords("c")))).build();
      expect(() -> t.search().search(SearchRequest.newBuilder().setCollection("f").setVector(vector(1, 2)).setLimit(1)
          .setFilter(values).build()), Status.Code.INVALID_ARGUMENT, "limits.max_filter_values=2");
    }
  }

  @Test
  void durabilityIsAcceptedPerCollectionAndPerRequest() {
    var info = collections.create(CreateCollectionRequest.newBuilder().setName("fast").setDimension(3)
        .setMetric(Metric.L2).setDurability(io.quiver.proto.v1.Durability.ASYNC).build()).getCollection();
    assertThat(info.getDurability()).isEqualTo(io.quiver.proto.v1.Durability.ASYNC);
    assertThat(collections.get(GetCollectionRequest.newBuilder().setName("c").build()).getCollection().getDurability())
        .isEqualTo(io.quiver.proto.v1.Durability.SYNC);
    assertThat(points.upsert(UpsertRequest.newBuilder().setCollection("fast").addPoints(point(1, new float[] {1, 2, 3}))
        .setDurability(io.quiver.proto.v1.Durability.SYNC).build()).getApplied()).isEqualTo(1);
    expect(() -> points.upsert(UpsertRequest.newBuilder().setCollection("fast").addPoints(point(2, new float[] {1, 2, 3}))
        .setDurabilityValue(7).build()), Status.Code.INVALID_ARGUMENT, "durability");
  }

  @Test
  void badCollectionRequestsAreRefused() {
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("c").setDimension(3).setMetric(Metric.L2).build()),
        Status.Code.ALREADY_EXISTS, "'c'");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("has space").setDimension(3).setMetric(Metric.L2).build()),
        Status.Code.INVALID_ARGUMENT, "name");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("d").setDimension(1025).setMetric(Metric.L2).build()),
        Status.Code.INVALID_ARGUMENT, "dimension", "1..1024", "1025");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("d").setDimension(-1).setMetric(Metric.L2).build()),
        Status.Code.INVALID_ARGUMENT, "dimension");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("d").setDimension(0).setMetric(Metric.L2).build()),
        Status.Code.INVALID_ARGUMENT, "dimension");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("d").setDimension(3).build()),
        Status.Code.INVALID_ARGUMENT, "metric");
    expect(() -> collections.create(CreateCollectionRequest.newBuilder().setName("d").setDimension(3).setMetric(Metric.L2).setIndex("BTREE").build()),
        Status.Code.INVALID_ARGUMENT, "index");
    expect(() -> collections.get(GetCollectionRequest.newBuilder().setName("nope").build()), Status.Code.NOT_FOUND, "nope");
    expect(() -> collections.delete(DeleteCollectionRequest.newBuilder().setName("nope").build()), Status.Code.NOT_FOUND, "nope");
    assertThat(collections.list(io.quiver.proto.v1.ListCollectionsRequest.getDefaultInstance()).getCollectionsCount()).isEqualTo(1);
  }

  @Test
  void badReadsAreRefused() {
    SearchRequest ok = SearchRequest.newBuilder().setCollection("c").setVector(vector(1, 0, 0)).setLimit(1).build();
    assertThat(search.search(ok).getHitsCount()).isEqualTo(1);
    expect(() -> search.search(ok.toBuilder().setLimit(0).build()), Status.Code.INVALID_ARGUMENT, "limit");
    expect(() -> search.search(ok.toBuilder().setLimit(51).build()), Status.Code.INVALID_ARGUMENT, "limit", "limits.max_search_limit=50");
    expect(() -> search.search(ok.toBuilder().setLimit(-1).build()), Status.Code.INVALID_ARGUMENT, "limit");
    expect(() -> search.search(ok.toBuilder().setVector(vector(1, 0)).build()), Status.Code.INVALID_ARGUMENT, "vector", "expected 3");
    expect(() -> search.search(ok.toBuilder().clearVector().build()), Status.Code.INVALID_ARGUMENT, "vector", "empty");
    expect(() -> search.search(ok.toBuilder().setVector(vector(Float.NaN, 0, 0)).build()), Status.Code.INVALID_ARGUMENT, "vector[0]");
    expect(() -> search.search(ok.toBuilder().setScoreThreshold(Float.NaN).build()), Status.Code.INVALID_ARGUMENT, "score_threshold");
    expect(() -> search.search(ok.toBuilder().setCollection("nope").build()), Status.Code.NOT_FOUND, "nope");
    Filter unknownFilter = Filter.newBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
        .addField(1, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
    expect(() -> search.search(ok.toBuilder().setFilter(unknownFilter).build()), Status.Code.INVALID_ARGUMENT, "filter");
    expect(() -> search.searchBatch(SearchBatchRequest.newBuilder().setCollection("c").addSearches(ok)
        .addSearches(ok.toBuilder().setLimit(0)).build()), Status.Code.INVALID_ARGUMENT, "searches[1].limit");
    expect(() -> points.scroll(ScrollRequest.newBuilder().setCollection("c").setPageToken("!!garbage").build()),
        Status.Code.INVALID_ARGUMENT, "page_token");
    expect(() -> points.scroll(ScrollRequest.newBuilder().setCollection("c").setLimit(20_000).build()),
        Status.Code.INVALID_ARGUMENT, "limits.max_page_size");
    expect(() -> points.count(CountRequest.newBuilder().setCollection("nope").build()), Status.Code.NOT_FOUND);
    expect(() -> points.get(GetPointsRequest.newBuilder().setCollection("c").build()), Status.Code.INVALID_ARGUMENT, "ids");
  }
}
