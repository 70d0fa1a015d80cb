package io.quiver.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.server.support.Promtool;
import io.quiver.server.support.ServerProcess;
import io.quiver.server.support.TestServer;
import io.quiver.server.support.Workload;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A real Prometheus (the Debian package's binary) on loopback scrapes a test server with
 * deploy/'s scrape configuration and alert rules: {@code up} is 1, a Quiver request counter
 * grows, the rules load; and promtool accepts deploy/'s config and rules. Skipped when the
 * binaries are missing, unless {@code QUIVER_REQUIRE_PROMETHEUS=1} ({@code .ci/run} sets it).
 */
class PrometheusIntegrationTest {
  private static final Path PROMETHEUS_DIR = DeployFilesTest.DEPLOY.resolve("prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void promtoolAcceptsDeployConfigAndRules() throws Exception {
    Path promtool = Promtool.require("promtool");
    Promtool.Result rules = Promtool.run(List.of(promtool.toString(), "check", "rules",
        PROMETHEUS_DIR.resolve("alerts.yml").toString()), null);
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS");
    Promtool.Result config = Promtool.run(List.of(promtool.toString(), "check", "config",
        PROMETHEUS_DIR.resolve("prometheus.yml").toString()), null);
    assertThat(config.exitCode()).as(config.output()).isZero();
  }

  @Test
  void prometheusScrapesTheServerWithDeployConfig() throws Exception {
    Path prometheus = Promtool.require("prometheus");
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Workload.run(s);
      Path config = writeConfig(s.server.httpPort());
      int port = ServerProcess.freePort();
      Path log = dir.resolve("prometheus.log");
      Process p = new ProcessBuilder(prometheus.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        String api = "http://127.0.0.1:" + port;
        await(Duration.ofSeconds(60), () -> get(api + "/-/ready") == 200, p, log);

        JsonNode up = await(Duration.ofSeconds(60), () -> query(api, "up{job=\"quiver\"}"),
            r -> r.size() == 1 && r.get(0).get("value").get(1).asText().equals("1"), p, log);
        assertThat(up.get(0).get("metric").get("instance").asText()).isEqualTo("127.0.0.1:" + s.server.httpPort());

        String counter = "sum(quiver_grpc_requests_total{job=\"quiver\",method=\"quiver.v1.Points/Count\"})";
        double before = await(Duration.ofSeconds(60), () -> query(api, counter), r -> r.size() == 1, p, log)
            .get(0).get("value").get(1).asDouble();
        for (int i = 0; i < 5; i++) {
          s.points().count(io.quiver.proto.v1.CountRequest.newBuilder().setCollection(Workload.COLLECTION).build());
        }
        JsonNode after = await(Duration.ofSeconds(60), () -> query(api, counter),
            r -> r.size() == 1 && r.get(0).get("value").get(1).asDouble() >= before + 5, p, log);
        assertThat(after.get(0).get("value").get(1).asDouble()).isGreaterThanOrEqualTo(before + 5);

        // deploy/'s alert rules are loaded and evaluate without errors.
        JsonNode groups = await(Duration.ofSeconds(60), () -> api(api + "/api/v1/rules").get("groups"),
            g -> g.size() == 1 && allRulesEvaluated(g.get(0)), p, log);
        for (JsonNode rule : groups.get(0).get("rules")) {
          assertThat(rule.get("health").asText()).as(rule.get("name").asText() + ": " + rule.path("lastError"))
              .isEqualTo("ok");
        }
      } finally {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static boolean allRulesEvaluated(JsonNode group) {
    for (JsonNode rule : group.get("rules")) {
      if (rule.get("health").asText().equals("unknown")) {
        return false;
      }
    }
    return true;
  }

  /** deploy/'s prometheus.yml with the quiver job pointed at the test server, scraped every second. */
  private Path writeConfig(int httpPort) throws IOException {
    Map<String, Object> config;
    try (Reader r = Files.newBufferedReader(PROMETHEUS_DIR.resolve("prometheus.yml"))) {
      config = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> global = (Map<String, Object>) config.get("global");
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    List<String> ruleFiles = new ArrayList<>();
    for (Object f : (List<?>) config.get("rule_files")) {
      ruleFiles.add(PROMETHEUS_DIR.resolve((String) f).toAbsolutePath().normalize().toString());
    }
    config.put("rule_files", ruleFiles);
    boolean found = false;
    for (Object job : (List<?>) config.get("scrape_configs")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> j = (Map<String, Object>) job;
      if ("quiver".equals(j.get("job_name"))) {
        j.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + httpPort))));
        found = true;
      }
    }
    assertThat(found).as("deploy/prometheus/prometheus.yml has a job named quiver").isTrue();
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return Files.writeString(dir.resolve("prometheus.yml"), new Yaml(options).dump(config));
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static JsonNode api(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).as(r.body()).isEqualTo("success");
    return body.get("data");
  }

  private static JsonNode query(String api, String promql) throws IOException, InterruptedException {
    return api(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  private static void await(Duration timeout, Probe<Boolean> condition, Process p, Path log) throws Exception {
    await(timeout, condition, ok -> ok, p, log);
  }

  private static <T> T await(Duration timeout, Probe<T> probe, Predicate<T> done, Process p, Path log)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out; last answer " + last + "; prometheus log: " + Files.readString(log));
  }
}
