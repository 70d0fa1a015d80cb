package io.quiver.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV round trips, progress lines and the plot. */
class ReportTest {
  @TempDir
  Path tmp;

  @Test
  void csvQuotesWhatNeedsItAndReadsItBack() throws Exception {
    List<String> cells = List.of("quiver", "m=16,ef_construction=200", "say \"hi\"", "");
    String line = Csv.line(cells);
    assertThat(line).isEqualTo("quiver,\"m=16,ef_construction=200\",\"say \"\"hi\"\"\",");
    assertThat(Csv.parseLine(line)).isEqualTo(cells);
    Path f = tmp.resolve("r.csv");
    try (Csv.Writer w = new Csv.Writer(f, List.of("a", "b"))) {
      w.write(List.of("1", "x,y"));
    }
    assertThat(Csv.read(f)).containsExactly(Map.of("a", "1", "b", "x,y"));
  }

  @Test
  void headersAreTheContract() {
    assertThat(String.join(",", ResultRow.HEADER)).isEqualTo(
        "peer,version,index,params,build_s,mem_mb,threads,search_param,recall_at_10,qps,p50_ms,p99_ms");
    assertThat(String.join(",", ResultRow.FILTERED_HEADER)).isEqualTo(
        "peer,version,index,params,build_s,mem_mb,threads,search_param,selectivity,nq,recall_at_10,qps,p50_ms,p99_ms");
    ResultRow r = new ResultRow("quiver", "1", "FLAT", "", 1.23456, 10, 2, "ef=8", "0.1", 7, 0.95, 1234.56, 0.5, 2);
    assertThat(Csv.line(r.cells(false))).isEqualTo("quiver,1,FLAT,,1.235,10.0,2,ef=8,0.9500,1234.6,0.500,2.000");
    assertThat(Csv.line(r.cells(true))).isEqualTo("quiver,1,FLAT,,1.235,10.0,2,ef=8,0.1,7,0.9500,1234.6,0.500,2.000");
  }

  @Test
  void plainProgressPrintsOneLinePerTenPercentAndNoCarriageReturn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.PLAIN);
    try (Progress.Bar bar = p.start("load", 1000)) {
      for (int i = 0; i < 1000; i++) {
        bar.step();
      }
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(out.lines()).hasSize(10);
    assertThat(out.lines().toList().getLast()).startsWith("load 100% 1000/1000");
  }

  @Test
  void ttyProgressRedrawsInPlaceAndEndsTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.TTY);
    try (Progress.Bar bar = p.start("build", 4)) {
      bar.advance(4);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\rbuild [").endsWith("\n").contains("100% 4/4");
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    try (Progress.Bar bar = new Progress(new PrintStream(none), Progress.Mode.OFF).start("x", 2)) {
      bar.advance(2);
    }
    assertThat(none.size()).isZero();
  }

  @Test
  void plotDrawsOwnAndPeerCsvsAsAPng() throws Exception {
    Path ours = tmp.resolve("quiver.csv");
    Files.writeString(ours, String.join("\n", String.join(",", ResultRow.HEADER),
        "quiver,0.1,FLAT,,1.0,10.0,1,exact=1,1.0000,500.0,2.0,3.0",
        "quiver,0.1,FLAT,,1.0,10.0,2,exact=1,1.0000,900.0,2.0,3.0", ""));
    // The peers' CSVs have only the first ten columns.
    Path peer = tmp.resolve("faiss.csv");
    Files.writeString(peer, String.join("\n",
        "peer,version,index,params,build_s,mem_mb,threads,search_param,recall_at_10,qps",
        "faiss,1.7.3,HNSWFlat,\"M=16,efConstruction=200\",5.0,50.0,1,efSearch=16,0.9000,20000.0",
        "faiss,1.7.3,HNSWFlat,\"M=16,efConstruction=200\",5.0,50.0,1,efSearch=64,0.9900,8000.0", ""));
    Path png = tmp.resolve("plots/out.png");
    RecallQpsPlot.plot(List.of(ours, peer), png, "test");
    var image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1000);
  }
}
