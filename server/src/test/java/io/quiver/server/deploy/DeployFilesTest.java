package io.quiver.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.server.support.Scrape;
import io.quiver.server.support.TestServer;
import io.quiver.server.support.Workload;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/ stays true to the server: every YAML file parses, every query of the Grafana
 * dashboard names metrics a real server exports, and the metrics reference documents every
 * family the server exports.
 */
class DeployFilesTest {
  static final Path DEPLOY = Path.of("..", "deploy");

  @TempDir static Path dir;
  static Scrape scrape;

  @BeforeAll
  static void scrapeAfterWorkload() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Workload.run(s);
      scrape = Scrape.of(s.server.httpPort());
    }
  }

  @Test
  void everyYamlFileParses() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(DEPLOY)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).extracting(p -> DEPLOY.relativize(p).toString()).contains("compose.yaml",
        "prometheus/prometheus.yml", "prometheus/alerts.yml", "k8s/statefulset.yaml", "k8s/services.yaml",
        "k8s/pdb.yaml", "k8s/configmap.yaml", "k8s/secret.yaml", "k8s/servicemonitor.yaml");
    Set<String> kinds = new TreeSet<>();
    for (Path f : files) {
      try (Reader r = Files.newBufferedReader(f)) {
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(r)) {
          assertThat(doc).as(f.toString()).isInstanceOf(Map.class);
          if (f.startsWith(DEPLOY.resolve("k8s")) && !f.endsWith("kustomization.yaml")) {
            Map<?, ?> m = (Map<?, ?>) doc;
            assertThat(m.get("apiVersion")).as(f + " apiVersion").isNotNull();
            assertThat(((Map<?, ?>) m.get("metadata")).get("name")).as(f + " metadata.name").isNotNull();
            kinds.add((String) m.get("kind"));
          }
        }
      }
    }
    assertThat(kinds).containsExactlyInAnyOrder("ConfigMap", "Secret", "Service", "StatefulSet",
        "PodDisruptionBudget", "ServiceMonitor");
  }

  @Test
  void theConfigMapIsAValidQuiverConfig() throws Exception {
    Map<?, ?> cm;
    try (Reader r = Files.newBufferedReader(DEPLOY.resolve("k8s/configmap.yaml"))) {
      cm = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    }
    Path yaml = Files.writeString(dir.resolve("quiver.yaml"), (String) ((Map<?, ?>) cm.get("data")).get("quiver.yaml"));
    var config = io.quiver.server.config.ServerConfig.load(yaml, Map.of(), Map.of());
    assertThat(config.dataDir()).isEqualTo(Path.of("/data"));
  }

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\()");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "and", "or", "unless", "offset", "inf", "nan");

  /** The metric names a PromQL expression refers to. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new LinkedHashSet<>();
    Matcher lv = LABEL_VALUES.matcher(expr);
    if (lv.find()) {
      names.add(lv.group(1));
      return names;
    }
    String s = STRINGS.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    s = RANGES.matcher(s).replaceAll(" ");
    s = VARIABLES.matcher(s).replaceAll(" ");
    s = s.replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String word = m.group();
      // IDENT's lookahead can stop one character short of a function name: skip the rest of it.
      int end = m.end();
      if (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
        continue;
      }
      if (!KEYWORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }

  private static void collectQueries(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if ((e.getKey().equals("expr") || e.getKey().equals("query") || e.getKey().equals("definition"))
            && e.getValue().isTextual() && !e.getValue().asText().equals("prometheus")) {
          out.add(e.getValue().asText());
        }
        collectQueries(e.getValue(), out);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectQueries(n, out));
    }
  }

  @Test
  void everyDashboardQueryNamesAnExportedMetric() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/quiver.json").toFile());
    assertThat(dashboard.get("uid").asText()).isEqualTo("quiver");
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard, queries);
    assertThat(queries).hasSizeGreaterThan(30);
    Set<String> exported = scrape.sampleNames();
    Set<String> used = new TreeSet<>();
    for (String q : queries) {
      Set<String> names = metricNames(q);
      assertThat(names).as("metrics in %s", q).isNotEmpty();
      for (String name : names) {
        // `up` is Prometheus's own series about the scrape.
        if (!name.equals("up")) {
          assertThat(exported).as("query %s uses %s", q, name).contains(name);
          used.add(name.replaceAll("_(bucket|count|sum)$", ""));
        }
      }
    }
    // The dashboard covers every Quiver family.
    Set<String> families = new TreeSet<>();
    scrape.types.keySet().stream().filter(f -> f.startsWith("quiver_")).forEach(families::add);
    families.removeIf(f -> used.contains(f) || used.contains(f.replaceAll("_max$", "")));
    assertThat(families).as("Quiver families missing from the dashboard").isEmpty();
  }

  @Test
  void theMetricsReferenceDocumentsEveryQuiverFamily() throws Exception {
    String readme = Files.readString(DEPLOY.resolve("README.md"));
    for (String family : scrape.types.keySet()) {
      if (family.startsWith("quiver_") && !family.endsWith("_max")) {
        assertThat(readme).as("deploy/README.md documents %s", family).contains("`" + family + "`");
      }
    }
  }

  @Test
  void promqlNameExtraction() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (method, le) (rate(quiver_grpc_request_duration_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"))
        .containsExactly("quiver_grpc_request_duration_seconds_bucket");
    assertThat(metricNames("sum(rate(a_sum[5m])) / sum(rate(a_count[5m]))")).containsExactly("a_sum", "a_count");
    assertThat(metricNames("label_values(quiver_collection_points{instance=~\"$instance\"}, collection)"))
        .containsExactly("quiver_collection_points");
    assertThat(metricNames("up{job=\"quiver\"} == 0")).containsExactly("up");
  }
}
