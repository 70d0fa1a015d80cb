package io.quiver.bench.ingest;

import io.quiver.bench.BenchVersion;
import io.quiver.bench.io.BaseRow;
import io.quiver.bench.io.Dataset;
import io.quiver.bench.io.JsonValues;
import io.quiver.bench.report.Csv;
import io.quiver.bench.report.Progress;
import io.quiver.client.CollectionConfig;
import io.quiver.client.Metric;
import io.quiver.client.Point;
import io.quiver.client.PointId;
import io.quiver.client.QuiverClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bulk-load benchmark behind {@code ./quiver bench ingest}: streams a dataset's base
 * vectors (with their metadata as payload) into a fresh collection on a server over the
 * streaming upsert, first with one client thread, then with N threads each streaming a
 * contiguous slice, and reports vectors per second for each. Every acknowledged batch is
 * durable as the server is configured ({@code storage.sync_writes}, on by default), so this
 * measures the write path including the WAL fsync and group commit.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class IngestBenchmark {
  /** The CSV header of the ingest results. */
  public static final List<String> HEADER = List.of("peer", "version", "threads", "batch_size",
      "vectors", "seconds", "vectors_per_s");

  /**
   * What to run.
   *
   * @param dataset the dataset directory
   * @param target {@code host:port}
   * @param threads N; runs use 1 and N client threads
   * @param batchSize points per streamed batch
   * @param limit load only the first this many base vectors; 0: all
   * @param loadPayload store {@code base.meta.jsonl} as payload when present
   * @param out a CSV to write, or null
   */
  public record Config(Path dataset, String target, int threads, int batchSize, int limit,
      boolean loadPayload, Path out) {}

  /**
   * One measured load.
   *
   * @param threads client threads
   * @param vectors points loaded
   * @param seconds wall time from the first send to the last acknowledgement
   */
  public record Result(int threads, int vectors, double seconds) {
    /** Vectors per second. */
    public double vectorsPerSecond() {
      return vectors / seconds;
    }
  }

  private final Config config;
  private final Progress progress;
  private final PrintStream stdout;

  /** A run of {@code config}; bars go to {@code progress}, the CSV lines to {@code stdout}. */
  public IngestBenchmark(Config config, Progress progress, PrintStream stdout) {
    this.config = config;
    this.progress = progress;
    this.stdout = stdout;
  }

  /** Runs the loads and returns their results, 1 thread first. */
  public List<Result> run() {
    Set<Integer> threadCounts = new LinkedHashSet<>(List.of(1, Math.max(1, config.threads())));
    List<Result> results = new ArrayList<>();
    try (Dataset ds = Dataset.open(config.dataset(), null, 0);
        QuiverClient client = QuiverClient.builder().target(config.target())
            .defaultDeadline(Duration.ofMinutes(2)).build();
        Csv.Writer csv = config.out() == null ? null : new Csv.Writer(config.out(), HEADER)) {
      int n = config.limit() > 0 ? Math.min(config.limit(), ds.baseCount()) : ds.baseCount();
      progress.note("quiver bench ingest: " + n + " vectors of " + ds + " into " + config.target()
          + ", batches of " + config.batchSize() + "; durability as the server is configured "
          + "(storage.sync_writes, on by default)");
      stdout.println(Csv.line(HEADER));
      for (int t : threadCounts) {
        Result r = loadOnce(client, ds, n, t);
        results.add(r);
        List<String> cells = List.of("quiver", BenchVersion.get(), Integer.toString(t),
            Integer.toString(config.batchSize()), Integer.toString(r.vectors()),
            String.format(Locale.ROOT, "%.3f", r.seconds()),
            String.format(Locale.ROOT, "%.1f", r.vectorsPerSecond()));
        stdout.println(Csv.line(cells));
        if (csv != null) {
          csv.write(cells);
        }
      }
    }
    return results;
  }

  private Result loadOnce(QuiverClient client, Dataset ds, int n, int threads) {
    String name = "ingest_" + System.currentTimeMillis() + "_t" + threads;
    client.createCollection(new CollectionConfig(name, ds.dimension(), metric(ds), ""));
    try {
      QuiverClient longCalls = client.withDeadline(Duration.ofHours(12));
      boolean meta = config.loadPayload() && ds.hasMeta();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread[] workers = new Thread[threads];
      long start;
      try (Progress.Bar bar = progress.start("ingest " + threads + " thread(s)", n)) {
        start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
          int from = (int) ((long) n * t / threads);
          int to = (int) ((long) n * (t + 1) / threads);
          workers[t] = Thread.ofPlatform().name("bench-ingest-" + t).start(() -> {
            try (Dataset.BaseRows rows = ds.baseRows(meta, from, to)) {
              longCalls.upsertStream(name, points(rows, bar), config.batchSize());
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          });
        }
        for (Thread w : workers) {
          w.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the load", e);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Throwable f = failure.get();
      if (f != null) {
        throw f instanceof RuntimeException re ? re : new IllegalStateException(f);
      }
      long stored = client.getCollection(name).pointCount();
      if (stored != n) {
        throw new IllegalStateException("collection '" + name + "' holds " + stored
            + " points after loading " + n);
      }
      return new Result(threads, n, seconds);
    } finally {
      client.deleteCollection(name);
    }
  }

  private static Iterator<Point> points(Iterator<BaseRow> rows, Progress.Bar bar) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Point next() {
        BaseRow r = rows.next();
        bar.step();
        Map<String, Object> payload = r.meta() == null ? Map.of() : JsonValues.toMap(r.meta());
        return Point.of(PointId.ofNumber(r.row()), r.vector(), payload);
      }
    };
  }

  private static Metric metric(Dataset ds) {
    return switch (ds.metric()) {
      case L2 -> Metric.L2;
      case COSINE -> Metric.COSINE;
      case DOT -> Metric.DOT;
    };
  }
}
