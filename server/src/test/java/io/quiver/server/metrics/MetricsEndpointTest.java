package io.quiver.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.quiver.server.support.Promtool;
import io.quiver.server.support.Scrape;
import io.quiver.server.support.TestServer;
import io.quiver.server.support.Workload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics after a known workload: every family is there with the values the workload implies. */
class MetricsEndpointTest {
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");

  @TempDir Path dir;

  @Test
  void everyFamilyIsExportedWithSensibleValues() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Workload.run(s);
      Scrape m = Scrape.of(s.server.httpPort());
      String c = Workload.COLLECTION;
      int points = Workload.BATCH * Workload.BATCHES;

      // gRPC requests and latency, per method and status code.
      String upsert = "quiver.v1.Points/Upsert";
      assertThat(m.value("quiver_grpc_requests_total", Map.of("method", upsert, "status", "OK")))
          .isEqualTo(Workload.BATCHES + 2);
      assertThat(m.value("quiver_grpc_requests_total", Map.of("method", upsert, "status", "INVALID_ARGUMENT")))
          .isEqualTo(Workload.BAD);
      assertThat(m.value("quiver_grpc_requests_total", Map.of("method", "quiver.v1.Search/Search", "status", "OK")))
          .isEqualTo(2 * Workload.SEARCHES);
      assertThat(m.value("quiver_grpc_request_duration_seconds_count", Map.of("method", upsert, "status", "OK")))
          .isEqualTo(Workload.BATCHES + 2);
      assertThat(m.value("quiver_grpc_request_duration_seconds_sum", Map.of("method", upsert, "status", "OK")))
          .isPositive();
      assertThat(m.value("quiver_grpc_request_duration_seconds_bucket",
          Map.of("method", upsert, "status", "OK", "le", "+Inf"))).isEqualTo(Workload.BATCHES + 2);
      assertThat(m.types).containsEntry("quiver_grpc_request_duration_seconds", "histogram")
          .containsEntry("quiver_grpc_requests_total", "counter");

      // Per collection: points, memory, upserts, deletes, batch sizes, search latency per plan.
      assertThat(m.value("quiver_collections")).isEqualTo(2);
      assertThat(m.value("quiver_collection_points", Map.of("collection", c))).isEqualTo(points - Workload.DELETED);
      assertThat(m.value("quiver_collection_memory_bytes", Map.of("collection", c, "index", "flat")))
          .isGreaterThan((double) points * Workload.DIM * 4);
      assertThat(m.value("quiver_points_upserted_total", Map.of("collection", c))).isEqualTo(points);
      assertThat(m.value("quiver_points_deleted_total", Map.of("collection", c))).isEqualTo(Workload.DELETED);
      assertThat(m.value("quiver_upsert_batch_size_count", Map.of("collection", c))).isEqualTo(Workload.BATCHES);
      assertThat(m.value("quiver_upsert_batch_size_sum", Map.of("collection", c))).isEqualTo(points);
      assertThat(m.value("quiver_upsert_batch_size_bucket", Map.of("collection", c, "le", "20.0"))).isZero();
      assertThat(m.value("quiver_upsert_batch_size_bucket", Map.of("collection", c, "le", "50.0")))
          .isEqualTo(Workload.BATCHES);
      assertThat(m.value("quiver_search_duration_seconds_count", Map.of("collection", c, "plan", "exact")))
          .isEqualTo(Workload.SEARCHES);
      assertThat(m.value("quiver_search_duration_seconds_sum", Map.of("collection", c, "plan", "exact")))
          .isPositive();
      // The HNSW collection: graph searches, link work, the removed-node gauge.
      String graph = Workload.GRAPH;
      assertThat(m.value("quiver_search_duration_seconds_count", Map.of("collection", graph, "plan", "hnsw")))
          .isEqualTo(Workload.SEARCHES);
      assertThat(m.value("quiver_collection_memory_bytes", Map.of("collection", graph, "index", "hnsw")))
          .isGreaterThan(100.0 * Workload.DIM * 4);
      assertThat(m.value("quiver_index_operation_nodes_total", Map.of("collection", graph, "index", "hnsw", "operation", "link")))
          .isBetween(95.0, 100.0); // a point deleted before it was linked is never linked
      assertThat(m.value("quiver_index_operation_duration_seconds_sum",
          Map.of("collection", graph, "index", "hnsw", "operation", "link"))).isPositive();
      assertThat(m.value("quiver_index_pending_points", Map.of("collection", graph, "index", "hnsw"))).isBetween(0.0, 100.0);
      assertThat(m.value("quiver_index_removed_nodes", Map.of("collection", graph, "index", "hnsw"))).isBetween(0.0, 5.0);
      assertThat(m.samples).as("a deleted collection leaves no series behind")
          .noneMatch(x -> "temp".equals(x.labels().get("collection")));

      // WAL group commit.
      assertThat(m.value("quiver_wal_group_size_count")).as("creates, upserts, deletes").isGreaterThanOrEqualTo(6);
      assertThat(m.value("quiver_wal_group_size_sum")).isGreaterThanOrEqualTo(m.value("quiver_wal_group_size_count"));
      assertThat(m.value("quiver_wal_sync_duration_seconds_count")).isEqualTo(m.value("quiver_wal_group_size_count"));
      assertThat(m.value("quiver_wal_sync_duration_seconds_sum")).isPositive();

      // RocksDB and the data volume.
      assertThat(m.value("quiver_rocksdb_block_cache_capacity_bytes")).isEqualTo(256.0 * (1 << 20));
      assertThat(m.value("quiver_rocksdb_wal_files_bytes")).isPositive();
      assertThat(m.value("quiver_rocksdb_memtable_bytes")).isPositive();
      for (String g : List.of("quiver_rocksdb_sst_files_bytes", "quiver_rocksdb_pending_compaction_bytes",
          "quiver_rocksdb_block_cache_usage_bytes", "quiver_rocksdb_block_cache_pinned_bytes",
          "quiver_rocksdb_running_compactions")) {
        assertThat(m.value(g)).as(g).isNotNegative();
      }
      assertThat(m.value("quiver_data_volume_size_bytes")).isGreaterThan(m.value("quiver_data_volume_free_bytes"));
      assertThat(m.value("quiver_data_volume_free_bytes")).isPositive();

      // Lifecycle, build, JVM and process.
      assertThat(m.value("quiver_ready")).isEqualTo(1);
      assertThat(m.value("quiver_load_duration_seconds")).isNotNegative();
      assertThat(m.find("quiver_build_info", Map.of())).singleElement().satisfies(b -> {
        assertThat(b.value()).isEqualTo(1);
        assertThat(b.labels()).containsKeys("version", "java_version", "vector_api");
        assertThat(b.labels().get("version")).isNotBlank().isNotEqualTo("unknown");
      });
      assertThat(m.find("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
      assertThat(m.value("process_uptime_seconds")).isPositive();
      assertThat(m.value("process_files_open_files")).isPositive();
      assertThat(m.find("jvm_gc_memory_allocated_bytes_total", Map.of())).isNotEmpty();

      // Bounded, snake_case labels; no ids.
      for (Scrape.Sample x : m.samples) {
        if (x.name().startsWith("quiver_")) {
          assertThat(x.labels().keySet()).as(x.name()).allMatch(k -> SNAKE.matcher(k).matches())
              .doesNotContain("id", "point_id");
        }
      }

      // promtool's lint is clean.
      Path promtool = Promtool.require("promtool");
      Promtool.Result lint = Promtool.run(List.of(promtool.toString(), "check", "metrics"), m.text);
      assertThat(lint.output()).as("promtool check metrics").isBlank();
      assertThat(lint.exitCode()).isZero();
    }
  }

  @Test
  void healthEndpointsAndGrpcHealthAgree() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/livez", "/readyz", "/metrics")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + s.server.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
      }
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(s.channel);
      assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      assertThat(health.check(HealthCheckRequest.newBuilder().setService("quiver.v1.Points").build()).getStatus())
          .isEqualTo(ServingStatus.SERVING);

      // Reflection still lists Quiver's services (they are registered once loading is done).
      java.util.concurrent.CompletableFuture<List<String>> services = new java.util.concurrent.CompletableFuture<>();
      var requests = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(s.channel).serverReflectionInfo(
          new io.grpc.stub.StreamObserver<io.grpc.reflection.v1.ServerReflectionResponse>() {
            @Override
            public void onNext(io.grpc.reflection.v1.ServerReflectionResponse r) {
              services.complete(r.getListServicesResponse().getServiceList().stream()
                  .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
            }

            @Override
            public void onError(Throwable t) {
              services.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });
      requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
      assertThat(services.get(10, java.util.concurrent.TimeUnit.SECONDS)).contains("quiver.v1.Collections",
          "quiver.v1.Points", "quiver.v1.Search", "grpc.health.v1.Health");
      requests.onCompleted();
    }
  }

  @Test
  void metricsCanBeTurnedOff() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"), Map.of("metrics.enabled", "false"))) {
      Workload.run(s);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + s.server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(s.server.metrics()).isNull();
    }
  }
}
