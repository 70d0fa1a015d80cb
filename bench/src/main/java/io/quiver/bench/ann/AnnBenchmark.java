package io.quiver.bench.ann;

import io.quiver.bench.BenchVersion;
import io.quiver.bench.filter.MetadataFilter;
import io.quiver.bench.io.Dataset;
import io.quiver.bench.io.DatasetFormatException;
import io.quiver.bench.io.FilteredQuery;
import io.quiver.bench.report.Csv;
import io.quiver.bench.report.Progress;
import io.quiver.bench.report.RecallQpsPlot;
import io.quiver.bench.report.ResultRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recall/QPS runner behind {@code ./quiver bench ann}: loads a dataset into a collection
 * (in this process or on a server), then for each sweep setting runs a warm-up pass and a
 * timed pass over the queries and writes one CSV row with recall@k, QPS and latency
 * percentiles. With {@code filtered}, the queries are those of {@code filtered_queries.jsonl},
 * grouped into selectivity buckets, one row per setting and bucket.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class AnnBenchmark {
  /** The {@code peer} column's value for Quiver. */
  public static final String PEER = "quiver";

  private static final Duration INDEX_TIMEOUT = Duration.ofHours(6);

  private final AnnConfig config;
  private final Progress progress;
  private final PrintStream stdout;

  /**
   * A run of {@code config}; bars and notes go to {@code progress}, and the CSV is echoed to
   * {@code stdout} line by line (nothing else goes there, so it can be piped).
   */
  public AnnBenchmark(AnnConfig config, Progress progress, PrintStream stdout) {
    this.config = config;
    this.progress = progress;
    this.stdout = stdout;
  }

  /** Runs the benchmark, writes the CSV (and the plot), and returns the rows. */
  public List<ResultRow> run() {
    // Filtered runs choose their own queries per bucket, so the limit applies there.
    try (Dataset ds = Dataset.open(config.dataset(), config.metric(),
        config.filtered() ? 0 : config.limitQueries())) {
      Map<String, List<FilteredQuery>> buckets = config.filtered() ? buckets(ds) : null;
      if (!config.filtered() && config.k() > ds.groundTruthDepth()) {
        throw new IllegalArgumentException("--k " + config.k() + " is more than the "
            + ds.groundTruthDepth() + " neighbours per query in groundtruth.ivecs");
      }
      progress.note("quiver bench ann: " + ds + ", index " + config.indexSpec() + ", k=" + config.k()
          + ", " + config.threads() + " thread(s), " + (config.target() == null ? "in-process" : "server " + config.target()));
      List<ResultRow> rows;
      try (SearchTarget<?> target = openTarget(ds)) {
        rows = runOn(target, ds, buckets);
      }
      if (config.plot() != null) {
        List<Path> files = new ArrayList<>();
        files.add(config.out());
        files.addAll(config.compare());
        RecallQpsPlot.plot(files, config.plot(), ds.name() + (config.filtered() ? " (filtered)" : "")
            + ": recall@" + config.k() + " vs QPS");
        progress.note("plot written to " + config.plot());
      }
      return rows;
    }
  }

  private SearchTarget<?> openTarget(Dataset ds) {
    if (config.target() == null) {
      return new EngineTarget();
    }
    String name = config.collection() != null ? config.collection()
        : "bench_" + ds.name().replaceAll("[^A-Za-z0-9_-]", "_") + "_" + System.currentTimeMillis();
    return new GrpcTarget(config.target(), name.length() > 255 ? name.substring(0, 255) : name,
        config.batchSize(), config.keepCollection());
  }

  private Map<String, List<FilteredQuery>> buckets(Dataset ds) {
    if (!ds.hasFilteredQueries()) {
      throw new DatasetFormatException(ds.dir().resolve("filtered_queries.jsonl")
          + ": file not found; --filtered needs it");
    }
    Map<String, List<FilteredQuery>> byBucket = new LinkedHashMap<>();
    for (FilteredQuery q : ds.filteredQueries()) {
      List<FilteredQuery> b = byBucket.computeIfAbsent(q.bucket(), x -> new ArrayList<>());
      if (config.limitQueries() <= 0 || b.size() < config.limitQueries()) {
        b.add(q);
      }
    }
    // Least selective (largest fraction) first, as the peers' harness orders them.
    Map<String, List<FilteredQuery>> sorted = new LinkedHashMap<>();
    byBucket.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, List<FilteredQuery>> e) -> bucketValue(e.getKey())).reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static double bucketValue(String bucket) {
    try {
      return Double.parseDouble(bucket);
    } catch (NumberFormatException e) {
      return Double.POSITIVE_INFINITY;
    }
  }

  private <Q> List<ResultRow> runOn(SearchTarget<Q> target, Dataset ds, Map<String, List<FilteredQuery>> buckets) {
    float[][] queries = ds.queries();
    if (buckets != null) {
      // Fail before loading anything if the target cannot filter: minutes of loading would
      // otherwise end in the same error.
      for (List<FilteredQuery> b : buckets.values()) {
        for (FilteredQuery q : b) {
          target.prepare(queries[q.query()], config.k(), config.settings().getFirst().knobs(), q.filter());
        }
      }
    }
    long t0 = System.nanoTime();
    String canonical = target.create(ds.dimension(), ds.metric(), config.indexSpec());
    try (Dataset.BaseRows rows = ds.baseRows(config.loadPayload() && ds.hasMeta());
        Progress.Bar bar = progress.start("load " + ds.name(), rows.size())) {
      target.load(rows, bar);
    }
    try (Progress.Bar bar = progress.start("build " + canonical, 1)) {
      target.awaitIndexed(INDEX_TIMEOUT);
      bar.step();
    }
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    double memMb = target.indexMemoryBytes() / (1024.0 * 1024.0);

    String[] kindAndParams = splitSpec(canonical);
    List<ResultRow> out = new ArrayList<>();
    boolean filtered = buckets != null;
    try (Csv.Writer csv = new Csv.Writer(config.out(), ResultRow.header(filtered))) {
      stdout.println(Csv.line(ResultRow.header(filtered)));
      for (SearchSetting s : config.settings()) {
        if (!filtered) {
          out.add(emit(csv, measure(target, s, queries, ds.groundTruth(), null,
              kindAndParams, buildSeconds, memMb, null, "search " + s), false));
          continue;
        }
        for (Map.Entry<String, List<FilteredQuery>> b : buckets.entrySet()) {
          List<FilteredQuery> qs = b.getValue();
          float[][] vectors = new float[qs.size()][];
          int[][] truth = new int[qs.size()][];
          MetadataFilter[] filters = new MetadataFilter[qs.size()];
          double selSum = 0;
          int selN = 0;
          for (int i = 0; i < qs.size(); i++) {
            vectors[i] = queries[qs.get(i).query()];
            truth[i] = qs.get(i).neighbors();
            filters[i] = qs.get(i).filter();
            if (!Double.isNaN(qs.get(i).selectivity())) {
              selSum += qs.get(i).selectivity();
              selN++;
            }
          }
          String selectivity = selN > 0 ? Dataset.plain(selSum / selN) : b.getKey();
          out.add(emit(csv, measure(target, s, vectors, truth, filters, kindAndParams, buildSeconds,
              memMb, selectivity, "search " + s + " sel~" + b.getKey()), true));
        }
      }
    }
    progress.note("results written to " + config.out());
    return out;
  }

  private ResultRow emit(Csv.Writer csv, ResultRow row, boolean filtered) {
    csv.write(row.cells(filtered));
    stdout.println(Csv.line(row.cells(filtered)));
    stdout.flush();
    return row;
  }

  private <Q> ResultRow measure(SearchTarget<Q> target, SearchSetting setting, float[][] vectors,
      int[][] truth, MetadataFilter[] filters, String[] kindAndParams, double buildSeconds,
      double memMb, String selectivity, String label) {
    List<Q> prepared = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      prepared.add(target.prepare(vectors[i], config.k(), setting.knobs(), filters == null ? null : filters[i]));
    }
    QueryPass.Result timed;
    try (Progress.Bar bar = progress.start(label, 2L * vectors.length)) {
      QueryPass.run(target, prepared, config.threads(), bar); // warm-up: JIT, caches, connections
      timed = QueryPass.run(target, prepared, config.threads(), bar);
    }
    Latencies lat = Latencies.of(timed.latencyNanos());
    return new ResultRow(PEER, BenchVersion.get(), kindAndParams[0], kindAndParams[1], buildSeconds,
        memMb, config.threads(), setting.toString(), selectivity, vectors.length,
        Recall.mean(timed.ids(), truth, config.k()), timed.qps(), lat.p50Ms(), lat.p99Ms());
  }

  /** {@code "HNSW(m=16, ef_construction=200)"} into {@code {"HNSW", "m=16,ef_construction=200"}}. */
  static String[] splitSpec(String canonical) {
    int open = canonical.indexOf('(');
    if (open < 0) {
      return new String[] {canonical.trim().toUpperCase(Locale.ROOT), ""};
    }
    String params = canonical.substring(open + 1, canonical.lastIndexOf(')') < 0 ? canonical.length()
        : canonical.lastIndexOf(')')).replace(" ", "");
    return new String[] {canonical.substring(0, open).trim().toUpperCase(Locale.ROOT), params};
  }
}
