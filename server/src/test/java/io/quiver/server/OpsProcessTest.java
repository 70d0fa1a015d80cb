package io.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.server.support.ServerProcess;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness during a long load, JSON logs and configuration errors, on the server as its own process. */
class OpsProcessTest {
  private static final int BIG_POINTS = 600_000;
  private static final int BIG_DIM = 32;

  @TempDir Path dir;

  /** Writes a collection big enough that loading it takes a noticeable time. */
  private static void fill(Path data) {
    try (Database db = Database.open(data, new DatabaseOptions(16L << 20, false))) {
      Collection c = db.create("big", BIG_DIM, VectorSimilarity.L2, "FLAT", 8192);
      Random r = new Random(5);
      for (int from = 0; from < BIG_POINTS; from += 5000) {
        List<Point> batch = new ArrayList<>(5000);
        for (int i = from; i < from + 5000; i++) {
          float[] v = new float[BIG_DIM];
          for (int d = 0; d < BIG_DIM; d++) {
            v[d] = r.nextFloat();
          }
          batch.add(new Point(PointId.of(i), v, null));
        }
        c.upsert(batch);
      }
    }
  }

  @Test
  void readinessFlipsFrom503To200WhileALargeCollectionLoads() throws Exception {
    Path data = dir.resolve("data");
    fill(data);
    warmUpGrpcClient();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try (ServerProcess p = ServerProcess.launch(data, dir.resolve("ready.log"), ServerProcess.freePort(),
        ServerProcess.freePort(), Map.of())) {
      List<Integer> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        assertThat(p.process.isAlive()).as("server alive: %s", p.output()).isTrue();
        int code = readyz(http, p);
        if (code < 0) {
          Thread.sleep(5);
          continue; // not listening yet
        }
        if (seen.isEmpty() || seen.get(seen.size() - 1) != code) {
          seen.add(code);
        }
        if (code == 200) {
          break;
        }
        Thread.sleep(5);
      }
      assertThat(seen).as("/readyz answers while loading, then turns ready; log: %s", p.output())
          .containsExactly(503, 200);
      assertThat(HealthGrpc.newBlockingStub(p.channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
      assertThat(PointsGrpc.newBlockingStub(p.channel()).count(CountRequest.newBuilder().setCollection("big").build())
          .getCount()).isEqualTo(BIG_POINTS);
      assertThat(p.output()).contains("loaded 1 collections, " + BIG_POINTS + " points");
    }
  }

  /** Loads the gRPC client's classes now, so the probe during the load is quick. */
  private static void warmUpGrpcClient() throws Exception {
    var channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", ServerProcess.freePort()).usePlaintext().build();
    try {
      HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
    } catch (StatusRuntimeException expected) {
      // nothing listens there
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The /readyz status code, or -1 when nothing listens yet. */
  private static int readyz(HttpClient http, ServerProcess p) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort + "/readyz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void jsonLogsAreOneObjectPerLine() throws Exception {
    Path log = dir.resolve("json.log");
    try (ServerProcess p = ServerProcess.launch(dir.resolve("data"), log, ServerProcess.freePort(),
        ServerProcess.freePort(), Map.of(), "--log-format", "json")) {
      p.awaitReady(Duration.ofSeconds(60));
      try {
        PointsGrpc.newBlockingStub(p.channel()).count(CountRequest.newBuilder().setCollection("nope").build());
      } catch (StatusRuntimeException expected) {
        // NOT_FOUND, logged in the access log
      }
      p.terminate();
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("WARNING: Using incubator modules")) {
        continue; // printed by the JVM itself, before any Java code runs
      }
      lines.add(json.readTree(line));
    }
    assertThat(lines).anySatisfy(n -> assertThat(n.get("formattedMessage").asText()).startsWith("Quiver serving gRPC"));
    assertThat(lines).anySatisfy(n -> {
      assertThat(n.get("loggerName").asText()).isEqualTo("quiver.access");
      assertThat(n.get("formattedMessage").asText()).startsWith("quiver.v1.Points/Count NOT_FOUND");
      assertThat(n.get("kvpList").toString()).contains("\"status\":\"NOT_FOUND\"").contains("\"collection\":\"nope\"");
    });
    assertThat(lines).allSatisfy(n -> assertThat(n.has("level") && n.has("timestamp")).isTrue());
    assertThat(lines).anySatisfy(n -> assertThat(n.get("formattedMessage").asText()).isEqualTo("shut down cleanly"));
  }

  @Test
  void badConfigFailsStartupNamingTheKey() throws Exception {
    Path yaml = Files.writeString(dir.resolve("quiver.yaml"), "logging:\n  formatt: json\n");
    ServerProcess p = ServerProcess.launch(dir.resolve("data"), dir.resolve("key.log"), ServerProcess.freePort(),
        ServerProcess.freePort(), Map.of(), "--config", yaml.toString());
    assertThat(p.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.process.exitValue()).isEqualTo(2);
    assertThat(p.output()).contains("quiver: configuration error: unknown key 'logging.formatt'");

    ServerProcess badValue = ServerProcess.launch(dir.resolve("data"), dir.resolve("value.log"),
        ServerProcess.freePort(), ServerProcess.freePort(), Map.of(), "--log-format", "xml");
    assertThat(badValue.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(badValue.process.exitValue()).isEqualTo(2);
    assertThat(badValue.output()).contains("logging.format").contains("text, json").contains("'xml'");

    ServerProcess print = ServerProcess.launch(dir.resolve("data"), dir.resolve("print.log"),
        ServerProcess.freePort(), ServerProcess.freePort(), Map.of("QUIVER__LOGGING__ACCESS_LOG", "false"),
        "--print-config");
    assertThat(print.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(print.process.exitValue()).isZero();
    assertThat(print.output()).contains("  access_log: false").contains("  format: text").contains("  enabled: true");
  }
}
