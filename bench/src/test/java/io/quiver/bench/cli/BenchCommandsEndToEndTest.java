package io.quiver.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.bench.BenchMain;
import io.quiver.bench.TestDatasets;
import io.quiver.bench.report.Csv;
import io.quiver.bench.report.ResultRow;
import io.quiver.client.QuiverClient;
import io.quiver.server.QuiverServer;
import io.quiver.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench ann} and {@code bench ingest} end to end on small generated datasets: in this
 * process, and against a real server on loopback. FLAT is exact, so recall must be 1.
 */
class BenchCommandsEndToEndTest {
  @TempDir
  static Path tmp;

  static Path l2Data;
  static Path cosineData;
  static QuiverServer server;
  static String target;

  @BeforeAll
  static void setUp() throws Exception {
    System.setProperty("quiver.progress", "plain");
    l2Data = TestDatasets.write(tmp.resolve("gen-l2"), "l2", 600, 40, 12, 20, 7);
    cosineData = TestDatasets.write(tmp.resolve("gen-cosine"), "cosine", 400, 30, 8, 20, 8);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("storage.data_dir", tmp.resolve("server-data").toString());
    overrides.put("server.host", "127.0.0.1");
    overrides.put("server.grpc_port", "0");
    overrides.put("server.http_port", "0");
    overrides.put("server.shutdown_grace_seconds", "5");
    server = QuiverServer.start(ServerConfig.load(null, Map.of(), overrides));
    target = "127.0.0.1:" + server.grpcPort();
  }

  @AfterAll
  static void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private record Run(int exit, String err) {}

  private static Run bench(String... args) {
    StringWriter err = new StringWriter();
    int exit = BenchMain.execute(new PrintWriter(err, true), args);
    return new Run(exit, err.toString());
  }

  private static void assertWellFormed(Path csv, int expectedRows, int threads) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.getFirst()).isEqualTo(String.join(",", ResultRow.HEADER));
    List<Map<String, String>> rows = Csv.read(csv);
    assertThat(rows).hasSize(expectedRows);
    for (Map<String, String> r : rows) {
      assertThat(Csv.parseLine(Csv.line(List.copyOf(r.values())))).hasSize(12);
      assertThat(r.get("peer")).isEqualTo("quiver");
      assertThat(r.get("index")).isEqualTo("FLAT");
      assertThat(r.get("threads")).isEqualTo(Integer.toString(threads));
      assertThat(Double.parseDouble(r.get("recall_at_10"))).isEqualTo(1.0);
      assertThat(Double.parseDouble(r.get("qps"))).isPositive();
      assertThat(Double.parseDouble(r.get("build_s"))).isPositive();
      assertThat(Double.parseDouble(r.get("mem_mb"))).isPositive();
      double p50 = Double.parseDouble(r.get("p50_ms"));
      assertThat(p50).isPositive().isLessThanOrEqualTo(Double.parseDouble(r.get("p99_ms")));
    }
  }

  private static void assertPng(Path png) throws Exception {
    assertThat(png).exists();
    var image = ImageIO.read(png.toFile());
    assertThat(image).as("a readable PNG").isNotNull();
    assertThat(image.getHeight()).isPositive();
  }

  @Test
  void inProcessRunWritesCsvAndPlot() throws Exception {
    Path csv = tmp.resolve("inproc/flat.csv");
    Path png = tmp.resolve("inproc/flat.png");
    Run run = bench("ann", "--dataset", l2Data.toString(), "--index", "FLAT", "--search", "ef=10,20",
        "--search", "exact=1", "--threads", "2", "--limit-queries", "25", "--out", csv.toString(),
        "--plot", png.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertWellFormed(csv, 3, 2);
    assertThat(Csv.read(csv)).extracting(r -> r.get("search_param")).containsExactly("ef=10", "ef=20", "exact=1");
    assertPng(png);
  }

  @Test
  void cosineDatasetWithKOtherThanTen() throws Exception {
    Path csv = tmp.resolve("inproc/cos.csv");
    Run run = bench("ann", "--dataset", cosineData.toString(), "--index", "flat", "--search", "exact=0",
        "--k", "5", "--out", csv.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertWellFormed(csv, 1, 1);
  }

  @Test
  void loopbackServerRunWritesCsvAndPlotAndDropsItsCollection() throws Exception {
    Path peer = tmp.resolve("loop/peer.csv");
    Files.createDirectories(peer.getParent());
    Files.writeString(peer, "peer,version,index,params,build_s,mem_mb,threads,search_param,recall_at_10,qps\n"
        + "numpy,2.2,matmul-exact,float32,0.000,5.0,1,batch=1,1.0000,300.0\n");
    Path csv = tmp.resolve("loop/flat.csv");
    Path png = tmp.resolve("loop/flat.png");
    Run run = bench("ann", "--dataset", l2Data.toString(), "--index", "FLAT", "--search", "ef=16",
        "--target", target, "--batch-size", "100", "--out", csv.toString(), "--plot", png.toString(),
        "--compare", peer.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertWellFormed(csv, 1, 1);
    assertPng(png);
    Path replot = tmp.resolve("loop/replot.png");
    Run plot = bench("plot", "--out", replot.toString(), "--title", "again", csv.toString(), peer.toString());
    assertThat(plot.exit()).as(plot.err()).isZero();
    assertPng(replot);
    try (QuiverClient client = QuiverClient.builder().target(target).build()) {
      assertThat(client.listCollections()).noneMatch(c -> c.name().startsWith("bench_"));
    }
  }

  @Test
  void filteredRunsMeasureEveryBucketInProcessAndOverGrpc() throws Exception {
    for (boolean remote : new boolean[] {false, true}) {
      Path csv = tmp.resolve("filtered/out-" + remote + ".csv");
      List<String> args = new java.util.ArrayList<>(List.of("ann", "--dataset", l2Data.toString(), "--index", "FLAT",
          "--search", "exact=1", "--filtered", "--out", csv.toString()));
      if (remote) {
        args.addAll(List.of("--target", target));
      }
      Run run = bench(args.toArray(String[]::new));
      assertThat(run.exit()).as(run.err()).isZero();
      List<Map<String, String>> rows = Csv.read(csv);
      assertThat(rows).isNotEmpty();
      for (Map<String, String> r : rows) {
        // FLAT answers every filtered query exactly.
        assertThat(Double.parseDouble(r.get("recall_at_10"))).as(r.toString()).isEqualTo(1.0);
      }
    }
  }

  @Test
  void badInputIsAClearUsageError() throws Exception {
    String out = tmp.resolve("bad/out.csv").toString();
    Run unknown = bench("ann", "--dataset", l2Data.toString(), "--index", "FLAT", "--search", "beam=4", "--out", out);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown search parameter 'beam'");
    Run tooDeep = bench("ann", "--dataset", l2Data.toString(), "--index", "FLAT", "--search", "ef=1", "--k", "50", "--out", out);
    assertThat(tooDeep.err()).contains("--k 50 is more than the 20 neighbours");
    Run badIndex = bench("ann", "--dataset", l2Data.toString(), "--index", "NOPE", "--search", "ef=1", "--out", out);
    assertThat(badIndex.exit()).isEqualTo(2);
    assertThat(badIndex.err()).contains("unknown index kind 'NOPE'");
    Run badRemoteIndex = bench("ann", "--dataset", l2Data.toString(), "--index", "NOPE", "--search", "ef=1",
        "--target", target, "--out", out);
    assertThat(badRemoteIndex.exit()).isEqualTo(2);
    assertThat(badRemoteIndex.err()).contains("cannot create collection").contains("NOPE");
    Path broken = TestDatasets.write(tmp.resolve("broken"), "l2", 20, 2, 3, 5, 9);
    byte[] bytes = Files.readAllBytes(broken.resolve("base.fvecs"));
    Files.write(broken.resolve("base.fvecs"), java.util.Arrays.copyOf(bytes, bytes.length - 5));
    Run truncated = bench("ann", "--dataset", broken.toString(), "--index", "FLAT", "--search", "ef=1", "--out", out);
    assertThat(truncated.exit()).isEqualTo(2);
    assertThat(truncated.err()).contains(broken.resolve("base.fvecs").toString()).contains("truncated at byte offset 304");
    Run missing = bench("ann", "--index", "FLAT", "--search", "ef=1", "--out", out);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--dataset=DIR'");
  }

  @Test
  void ingestReportsOneAndNThreads() throws Exception {
    Path csv = tmp.resolve("ingest/out.csv");
    Run run = bench("ingest", "--dataset", l2Data.toString(), "--target", target, "--threads", "3",
        "--batch-size", "50", "--out", csv.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<Map<String, String>> rows = Csv.read(csv);
    assertThat(rows).extracting(r -> r.get("threads")).containsExactly("1", "3");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.get("vectors")).isEqualTo("600");
      assertThat(Double.parseDouble(r.get("vectors_per_s"))).isPositive();
    });
    try (QuiverClient client = QuiverClient.builder().target(target).build()) {
      assertThat(client.listCollections()).noneMatch(c -> c.name().startsWith("ingest_"));
    }
  }
}
