package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.Condition;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.CreateFieldIndexRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.FieldCondition;
import io.quiver.proto.v1.FieldIndexType;
import io.quiver.proto.v1.Filter;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.Match;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.Range;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.ScrollResponse;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.SearchResponse;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.server.config.ServerConfig;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filtered Search, Count, Scroll and Delete through the adapters, in process. */
class FilteredServicesTest {
  @TempDir Path dir;
  private Database db;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    db = Database.open(dir, DatabaseOptions.DEFAULTS);
    RequestLimits limits = RequestLimits.from(ServerConfig.defaults());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new CollectionsService(db, limits))
        .addService(new PointsService(db, limits))
        .addService(new SearchService(db, limits))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    db.close();
  }

  static Condition field(String key, FieldCondition.Builder c) {
    return Condition.newBuilder().setField(c.setKey(key)).build();
  }

  @Test
  void filteredSearchCountScrollAndDelete() {
    var collections = CollectionsGrpc.newBlockingStub(channel);
    var points = PointsGrpc.newBlockingStub(channel);
    var search = SearchGrpc.newBlockingStub(channel);
    collections.create(CreateCollectionRequest.newBuilder().setName("c").setDimension(2).setMetric(Metric.L2)
        .setIndex("HNSW(m=8)").build());
    collections.createFieldIndex(CreateFieldIndexRequest.newBuilder().setCollection("c").setField("lang")
        .setType(FieldIndexType.KEYWORD).build());
    UpsertRequest.Builder up = UpsertRequest.newBuilder().setCollection("c");
    for (int i = 0; i < 100; i++) {
      up.addPoints(Point.newBuilder().setId(PointId.newBuilder().setNum(i))
          .setVector(Vector.newBuilder().addValues(i).addValues(0))
          .putPayload("lang", Value.newBuilder().setStringValue(i % 2 == 0 ? "en" : "de").build())
          .putPayload("year", Value.newBuilder().setIntegerValue(2000 + i).build()));
    }
    points.upsert(up.build());
    Filter en = Filter.newBuilder().addMust(field("lang", FieldCondition.newBuilder()
        .setMatch(Match.newBuilder().setKeyword("en")))).build();
    Filter recent = Filter.newBuilder().addMust(field("year", FieldCondition.newBuilder()
        .setRange(Range.newBuilder().setGteInt(2090)))).build();

    SearchResponse r = search.search(SearchRequest.newBuilder().setCollection("c").setLimit(3)
        .setVector(Vector.newBuilder().addValues(51).addValues(0)).setFilter(en).build());
    assertThat(r.getHitsList()).extracting(h -> h.getId().getNum()).containsExactly(50L, 52L, 48L);
    assertThat(r.getPlan()).isEqualTo("filtered_exact");
    assertThat(r.getFilterMatches()).isEqualTo(50);
    assertThat(r.getFilterMatchesExact()).isTrue();
    SearchResponse plain = search.search(SearchRequest.newBuilder().setCollection("c").setLimit(1)
        .setVector(Vector.newBuilder().addValues(51).addValues(0)).build());
    assertThat(plain.getPlan()).isIn("hnsw", "exact");

    assertThat(points.count(CountRequest.newBuilder().setCollection("c").setFilter(en).build()).getCount()).isEqualTo(50);
    assertThat(points.count(CountRequest.newBuilder().setCollection("c").setFilter(recent).build()).getCount()).isEqualTo(10);
    assertThat(points.count(CountRequest.newBuilder().setCollection("c").build()).getCount()).isEqualTo(100);

    ScrollResponse page = points.scroll(ScrollRequest.newBuilder().setCollection("c").setLimit(4).setFilter(recent).build());
    assertThat(page.getPointsList()).extracting(p -> p.getId().getNum()).containsExactly(90L, 91L, 92L, 93L);
    page = points.scroll(ScrollRequest.newBuilder().setCollection("c").setLimit(4).setFilter(recent)
        .setPageToken(page.getNextPageToken()).build());
    assertThat(page.getPointsList()).extracting(p -> p.getId().getNum()).containsExactly(94L, 95L, 96L, 97L);

    // "year" has no index: Get says filters on it read payloads.
    var info = collections.get(GetCollectionRequest.newBuilder().setName("c").build()).getCollection();
    assertThat(info.getFieldIndexesList()).extracting(f -> f.getField()).containsExactly("lang");
    assertThat(info.getUnindexedFilterEvaluations()).isGreaterThanOrEqualTo(3);

    Filter both = Filter.newBuilder().addMust(Condition.newBuilder().setFilter(en)).addMust(Condition.newBuilder().setFilter(recent)).build();
    assertThat(points.delete(DeletePointsRequest.newBuilder().setCollection("c").setFilter(both).build()).getDeleted()).isEqualTo(5);
    assertThat(points.count(CountRequest.newBuilder().setCollection("c").build()).getCount()).isEqualTo(95);
    assertThat(points.count(CountRequest.newBuilder().setCollection("c").setFilter(both).build()).getCount()).isZero();

    assertThatThrownBy(() -> points.delete(DeletePointsRequest.newBuilder().setCollection("c").build()))
        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("ids");
    assertThatThrownBy(() -> points.delete(DeletePointsRequest.newBuilder().setCollection("c").setFilter(en)
        .addIds(PointId.newBuilder().setNum(1)).build())).hasMessageContaining("not both");
    Filter deep = en;
    for (int i = 0; i < 8; i++) {
      deep = Filter.newBuilder().addMust(Condition.newBuilder().setFilter(deep)).build();
    }
    Filter tooDeep = deep;
    assertThatThrownBy(() -> points.count(CountRequest.newBuilder().setCollection("c").setFilter(tooDeep).build()))
        .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("limits.max_filter_depth=8");
    assertThatThrownBy(() -> points.count(CountRequest.newBuilder().setCollection("c")
        .setFilter(Filter.newBuilder().addMust(field("x", FieldCondition.newBuilder()))).build()))
        .hasMessageContaining("filter.must[0].field: no condition");
  }
}
