package io.quiver.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws recall (x) against queries per second (y, log scale) as a PNG, the ann-benchmarks
 * picture: one line per system and configuration, read from result CSVs (this runner's and
 * the peers', which share the columns used here: {@code peer, index, params, threads,
 * recall_at_10, qps}, plus {@code selectivity} for filtered runs).
 *
 * <p>A series is one (peer, index, params, threads, selectivity) combination; when the same
 * combination comes from two files (say an in-process and a gRPC run of Quiver), the file
 * name is added to its label to tell them apart. Rendering needs no display
 * ({@code java.awt.headless=true}). Stateless and thread-safe.
 */
public final class RecallQpsPlot {
  private RecallQpsPlot() {}

  /** One point of a series. */
  private record Point(double recall, double qps) {}

  /**
   * Plots every row of {@code csvFiles} into {@code png}.
   *
   * @param title chart title, e.g. the dataset's name
   * @throws IllegalArgumentException if a file lacks the {@code recall_at_10} or {@code qps} column
   */
  public static void plot(List<Path> csvFiles, Path png, String title) {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<Point>> series = new LinkedHashMap<>();
    Map<String, List<Path>> filesByKey = new LinkedHashMap<>();
    Map<Path, List<Map<String, String>>> rowsByFile = new LinkedHashMap<>();
    for (Path f : csvFiles) {
      List<Map<String, String>> rows = Csv.read(f);
      if (!rows.isEmpty() && (!rows.getFirst().containsKey("recall_at_10") || !rows.getFirst().containsKey("qps"))) {
        throw new IllegalArgumentException(f + ": no recall_at_10 / qps columns; is it a result CSV?");
      }
      rowsByFile.put(f, rows);
      for (Map<String, String> r : rows) {
        List<Path> files = filesByKey.computeIfAbsent(key(r), k -> new ArrayList<>());
        if (!files.contains(f)) {
          files.add(f);
        }
      }
    }
    rowsByFile.forEach((file, rows) -> {
      for (Map<String, String> r : rows) {
        double recall = number(r.get("recall_at_10"));
        double qps = number(r.get("qps"));
        if (Double.isNaN(recall) || !(qps > 0)) {
          continue; // a log axis cannot show 0 QPS; an empty cell is a failed point
        }
        String key = key(r);
        String label = filesByKey.get(key).size() > 1 ? key + " [" + file.getFileName() + "]" : key;
        series.computeIfAbsent(label, k -> new ArrayList<>()).add(new Point(recall, qps));
      }
    });

    XYChart chart = new XYChartBuilder().width(1000).height(650).title(title)
        .xAxisTitle("recall (recall_at_10 column: recall@k)").yAxisTitle("queries per second (log scale)").build();
    XYStyler st = chart.getStyler();
    st.setYAxisLogarithmic(true);
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setMarkerSize(7);
    st.setChartBackgroundColor(Color.WHITE);
    // Fixed, readable ranges: recall up to 1 (a column of exact results at 1.0 would otherwise
    // collapse the axis), QPS over whole decades.
    double minRecall = series.values().stream().flatMap(List::stream).mapToDouble(Point::recall).min().orElse(0);
    double minQps = series.values().stream().flatMap(List::stream).mapToDouble(Point::qps).min().orElse(1);
    double maxQps = series.values().stream().flatMap(List::stream).mapToDouble(Point::qps).max().orElse(10);
    st.setXAxisMin(Math.max(0, Math.floor((minRecall - 0.05) * 10) / 10));
    st.setXAxisMax(1.0);
    st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(minQps))));
    st.setYAxisMax(Math.pow(10, Math.max(Math.ceil(Math.log10(maxQps)), Math.floor(Math.log10(minQps)) + 1)));
    series.forEach((label, points) -> {
      points.sort(Comparator.comparingDouble(Point::recall).thenComparingDouble(Point::qps));
      double[] x = points.stream().mapToDouble(Point::recall).toArray();
      double[] y = points.stream().mapToDouble(Point::qps).toArray();
      XYSeries s = chart.addSeries(label, x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
    });
    if (series.isEmpty()) {
      // XChart refuses to render a chart with no series; an empty but valid picture says more.
      chart.addSeries("no rows", new double[] {0}, new double[] {1});
    }
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(png + ": cannot write the plot (" + e.getMessage() + ")", e);
    }
  }

  private static String key(Map<String, String> r) {
    StringBuilder sb = new StringBuilder(r.getOrDefault("peer", "?")).append(' ')
        .append(r.getOrDefault("index", "?"));
    String params = r.getOrDefault("params", "");
    if (!params.isEmpty()) {
      sb.append('(').append(params).append(')');
    }
    sb.append(" t=").append(r.getOrDefault("threads", "1"));
    String sel = r.get("selectivity");
    if (sel != null && !sel.isEmpty()) {
      sb.append(" sel=").append(sel);
    }
    return sb.toString();
  }

  private static double number(String s) {
    if (s == null || s.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
