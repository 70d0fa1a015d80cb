package io.quiver.server.grpc;

import static io.quiver.server.support.Protos.id;
import static io.quiver.server.support.Protos.point;
import static io.quiver.server.support.Protos.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.ListValue;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.NullValue;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.Struct;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.UpsertResponse;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.config.ServerConfig;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapters over an in-process transport: conversions, streaming upsert, deletes. */
class InProcessServicesTest {
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
    CollectionsGrpc.newBlockingStub(channel).create(CreateCollectionRequest.newBuilder().setName("c")
        .setDimension(2).setMetric(Metric.DOT).build());
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    db.close();
  }

  @Test
  void everyPayloadKindAndBothIdKindsRoundTrip() {
    Value nested = Value.newBuilder().setStructValue(Struct.newBuilder()
        .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setStringValue("a"))
            .addValues(Value.newBuilder().setDoubleValue(-0.5))
            .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build())
        .putFields("flag", Value.newBuilder().setBoolValue(false).build())).build();
    Point p = Point.newBuilder().setId(id("doc/ü")).setVector(vector(0.5f, -2f))
        .putPayload("obj", nested)
        .putPayload("big", Value.newBuilder().setIntegerValue(Long.MAX_VALUE).build()).build();
    Point unsigned = point(-1L, new float[] {1, 1}); // 2^64 - 1 as an unsigned id
    PointsGrpc.newBlockingStub(channel).upsert(UpsertRequest.newBuilder().setCollection("c").addPoints(p).addPoints(unsigned).build());
    var got = PointsGrpc.newBlockingStub(channel).get(GetPointsRequest.newBuilder().setCollection("c")
        .addIds(id("doc/ü")).addIds(id(-1L)).addIds(id(12345))
        .setWith(WithParts.newBuilder().setPayload(true).setVector(true)).build());
    assertThat(got.getPointsList()).containsExactly(p, unsigned);
    var hits = SearchGrpc.newBlockingStub(channel).search(SearchRequest.newBuilder().setCollection("c")
        .setVector(vector(1, 1)).setLimit(5).build());
    assertThat(hits.getHitsList()).extracting(h -> h.getScore()).containsExactly(2f, -1.5f);
    assertThat(hits.getHits(0).getPayloadCount()).as("payload only when asked").isZero();
    assertThat(hits.getHits(0).hasVector()).isFalse();
  }

  @Test
  void streamingUpsertAppliesEveryBatchAndSumsThem() throws Exception {
    CompletableFuture<UpsertResponse> done = new CompletableFuture<>();
    StreamObserver<UpsertRequest> stream = PointsGrpc.newStub(channel).upsertStream(new StreamObserver<>() {
      public void onNext(UpsertResponse r) { done.complete(r); }
      public void onError(Throwable t) { done.completeExceptionally(t); }
      public void onCompleted() {}
    });
    for (int b = 0; b < 10; b++) {
      UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("c");
      for (int i = 0; i < 100; i++) {
        req.addPoints(point(b * 100L + i, new float[] {b, i}));
      }
      stream.onNext(req.build());
    }
    stream.onCompleted();
    UpsertResponse r = done.get(30, TimeUnit.SECONDS);
    assertThat(r.getApplied()).isEqualTo(1000);
    assertThat(r.getSequence()).isEqualTo(db.lastSequence());
    assertThat(PointsGrpc.newBlockingStub(channel).count(CountRequest.newBuilder().setCollection("c").build()).getCount())
        .isEqualTo(1000);
  }

  @Test
  void deleteCountsOnlyExistingPointsAndTheyVanishFromSearch() {
    var points = PointsGrpc.newBlockingStub(channel);
    points.upsert(UpsertRequest.newBuilder().setCollection("c").addPoints(point(1, new float[] {1, 0}))
        .addPoints(point(2, new float[] {0, 1})).build());
    var del = points.delete(DeletePointsRequest.newBuilder().setCollection("c").addIds(id(1)).addIds(id(77)).build());
    assertThat(del.getDeleted()).isEqualTo(1);
    var hits = SearchGrpc.newBlockingStub(channel).search(SearchRequest.newBuilder().setCollection("c")
        .setVector(vector(1, 0)).setLimit(10).build());
    assertThat(hits.getHitsList()).extracting(h -> h.getId().getNum()).containsExactly(2L);
  }
}
