package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.GetCollectionRequest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectionsClientTest {

  private final FakeQuiverServer server = new FakeQuiverServer();
  private final QuiverClient client = server.client();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void createSendsTheConfigAndReturnsTheServersDescription() {
    CollectionInfo info = client.createCollection(
        CollectionConfig.of("docs", 384, Metric.DOT).withIndex("HNSW(m=16)"));

    var sent = (CreateCollectionRequest) server.collections.requests.getFirst();
    assertThat(sent.getName()).isEqualTo("docs");
    assertThat(sent.getDimension()).isEqualTo(384);
    assertThat(sent.getMetric()).isEqualTo(io.quiver.proto.v1.Metric.DOT);
    assertThat(sent.getIndex()).isEqualTo("HNSW(m=16)");
    assertThat(info).isEqualTo(new CollectionInfo("docs", 384, Metric.DOT, "HNSW(m=16)", 0,
        CollectionStatus.READY, 4096, Instant.ofEpochMilli(FakeCollectionsService.CREATED_AT_MS)));
  }

  @Test
  void defaultIndexIsSentEmpty() {
    CollectionInfo info = client.createCollection("plain", 3, Metric.L2);
    assertThat(((CreateCollectionRequest) server.collections.requests.getFirst()).getIndex()).isEmpty();
    assertThat(info.index()).isEqualTo("FLAT");
    assertThat(info.metric()).isEqualTo(Metric.L2);
  }

  @Test
  void getListAndDelete() {
    client.createCollection("b", 2, Metric.COSINE);
    client.createCollection("a", 4, Metric.DOT);

    assertThat(client.getCollection("b").dimension()).isEqualTo(2);
    assertThat(((GetCollectionRequest) server.collections.requests.get(2)).getName()).isEqualTo("b");
    assertThat(client.listCollections()).extracting(CollectionInfo::name).containsExactly("a", "b");

    client.deleteCollection("a");
    assertThat(((DeleteCollectionRequest) server.collections.requests.getLast()).getName()).isEqualTo("a");
    assertThat(client.listCollections()).extracting(CollectionInfo::name).containsExactly("b");
  }

  @Test
  void fieldsAboveSignedRangeAndUnknownEnumsAreReadSafely() {
    server.collections.put(io.quiver.proto.v1.CollectionInfo.newBuilder()
        .setName("future").setDimension(8).setMetricValue(42).setStatusValue(9)
        .setPointCount(123_456_789_012L).build());
    CollectionInfo info = client.getCollection("future");
    assertThat(info.metric()).isEqualTo(Metric.UNKNOWN);
    assertThat(info.status()).isEqualTo(CollectionStatus.UNKNOWN);
    assertThat(info.pointCount()).isEqualTo(123_456_789_012L);
  }

  @Test
  void serverErrorsBecomeQuiverExceptions() {
    client.createCollection("docs", 3, Metric.COSINE);

    assertThatThrownBy(() -> client.createCollection("docs", 3, Metric.COSINE))
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
          assertThat(e.serverMessage()).isEqualTo("collection 'docs' already exists");
          assertThat(e.isRetryable()).isFalse();
          assertThat(e).hasMessage("ALREADY_EXISTS: collection 'docs' already exists");
        });
    assertThatThrownBy(() -> client.getCollection("nope"))
        .isInstanceOfSatisfying(QuiverException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> client.deleteCollection("nope"))
        .isInstanceOfSatisfying(QuiverException.class,
            e -> assertThat(e.serverMessage()).isEqualTo("collection 'nope' not found"));
  }

  @Test
  void asyncTwinsComplete() throws Exception {
    CollectionInfo created = client.createCollectionAsync(CollectionConfig.of("x", 5, Metric.COSINE))
        .get(5, TimeUnit.SECONDS);
    assertThat(created.name()).isEqualTo("x");
    assertThat(client.getCollectionAsync("x").get(5, TimeUnit.SECONDS)).isEqualTo(created);
    assertThat(client.listCollectionsAsync().get(5, TimeUnit.SECONDS)).isEqualTo(List.of(created));
    assertThat(client.deleteCollectionAsync("x").get(5, TimeUnit.SECONDS)).isNull();
    assertThat(server.collections.exists("x")).isFalse();
  }

  @Test
  void clientSideChecksHappenBeforeSending() {
    assertThatThrownBy(() -> CollectionConfig.of("x", 0, Metric.COSINE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
    assertThatThrownBy(() -> CollectionConfig.of("x", 3, Metric.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNKNOWN");
    assertThat(server.collections.requests).isEmpty();
  }
}
