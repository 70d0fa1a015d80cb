package io.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.support.ServerProcess;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseListener;
import io.quiver.storage.collection.DatabaseOptions;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.vector.VectorSimilarity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While collections load, the server answers: /livez 200, /readyz 503, gRPC health
 * NOT_SERVING and Quiver calls UNAVAILABLE; after, all turn ready. The load is held open
 * by the test (an observer that waits on a latch), so nothing here depends on timing.
 */
class StartupReadinessTest {
  @TempDir Path dir;

  private static int get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void everyProbeSaysNotReadyUntilTheLoadEnds() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 2, VectorSimilarity.L2, "FLAT", 8192);
      c.upsert(List.of(new Point(PointId.of(1), new float[] {1, 2}, null)));
    }
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DatabaseListener holdLoad = new DatabaseListener() {
      @Override
      public void collectionOpened(Collection collection) {
        loading.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    int grpcPort = ServerProcess.freePort();
    int httpPort = ServerProcess.freePort();
    ServerConfig config = ServerConfig.load(null, Map.of(), Map.of("storage.data_dir", dir.toString(),
        "server.host", "127.0.0.1", "server.grpc_port", Integer.toString(grpcPort),
        "server.http_port", Integer.toString(httpPort)));
    CompletableFuture<QuiverServer> started = CompletableFuture.supplyAsync(() -> QuiverServer.start(config, holdLoad));
    assertThat(loading.await(60, TimeUnit.SECONDS)).isTrue();
    HttpClient http = HttpClient.newHttpClient();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      assertThat(get(http, httpPort, "/livez")).isEqualTo(200);
      assertThat(get(http, httpPort, "/readyz")).isEqualTo(503);
      assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.NOT_SERVING);
      assertThatThrownBy(() -> PointsGrpc.newBlockingStub(channel).count(CountRequest.newBuilder().setCollection("c").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      release.countDown();
      try (QuiverServer server = started.get(60, TimeUnit.SECONDS)) {
        assertThat(get(http, httpPort, "/readyz")).isEqualTo(200);
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(ServingStatus.SERVING);
        assertThat(PointsGrpc.newBlockingStub(channel).count(CountRequest.newBuilder().setCollection("c").build())
            .getCount()).isEqualTo(1);
      }
    } finally {
      release.countDown();
      channel.shutdownNow();
    }
  }
}
