package io.quiver.bench.cli;

import io.quiver.bench.ann.AnnBenchmark;
import io.quiver.bench.ann.AnnConfig;
import io.quiver.bench.ann.SearchSetting;
import io.quiver.bench.io.DatasetMetric;
import io.quiver.bench.report.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quiver bench ann}: recall/QPS sweep of one index on one dataset. The options listed
 * in the issue are a contract (scripts and the peers' harness rely on them); the extra ones
 * after them only add. Not thread-safe (picocli fills the fields, then calls once).
 */
@Command(name = "ann", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measures recall@k, QPS and latency of one index over a dataset, one CSV row per search setting.",
        "Runs in this process on the engine, or with --target against a running server over gRPC."},
    footer = {"", "Example:",
        "  ./quiver bench ann --dataset bench/data/fashion-mnist-784-euclidean \\",
        "      --index FLAT --search exact=1 --threads 2 --out flat.csv --plot flat.png"})
public final class AnnCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "DIR",
      description = "TEXMEX dataset directory: base.fvecs, query.fvecs, groundtruth.ivecs, README.md naming the metric")
  Path dataset;

  @Option(names = "--index", required = true, paramLabel = "SPEC",
      description = "index spec as the API takes it, e.g. FLAT or 'HNSW(m=16, ef_construction=200)'")
  String index;

  @Option(names = "--search", required = true, paramLabel = "NAME=V1,V2,...",
      description = "search parameter sweep, NAME one of ef, nprobe, exact (repeatable)")
  List<String> search;

  @Option(names = "--k", defaultValue = "10", paramLabel = "K",
      description = "neighbours asked for and scored; the recall_at_10 column is recall@K (default ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
      description = "client threads sharing the queries (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--target", paramLabel = "HOST:PORT",
      description = "a running server to measure over gRPC instead of the engine in this process")
  String target;

  @Option(names = "--filtered",
      description = "run filtered_queries.jsonl, one row per search setting and selectivity bucket")
  boolean filtered;

  @Option(names = "--limit-queries", defaultValue = "0", paramLabel = "N",
      description = "use only the first N queries (per selectivity bucket with --filtered)")
  int limitQueries;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "result CSV to write")
  Path out;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "draw recall vs QPS (log) to this PNG")
  Path plot;

  @Option(names = "--compare", arity = "1..*", paramLabel = "PEER.csv",
      description = "other result CSVs (e.g. the peers') drawn on the same plot")
  List<Path> compare = new ArrayList<>();

  @Option(names = "--metric", paramLabel = "l2|cosine|dot",
      description = "metric to use instead of the one the dataset README names")
  String metric;

  @Option(names = "--collection", paramLabel = "NAME",
      description = "with --target: collection name to create (default: bench_<dataset>_<time>)")
  String collection;

  @Option(names = "--keep-collection", description = "with --target: leave the collection on the server")
  boolean keepCollection;

  @Option(names = "--batch-size", defaultValue = "500", paramLabel = "B",
      description = "with --target: points per streamed upsert batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--no-payload", description = "do not store base.meta.jsonl as payload")
  boolean noPayload;

  @Override
  public Integer call() {
    List<SearchSetting> settings = new ArrayList<>();
    for (String s : search) {
      settings.addAll(SearchSetting.parseSweep(s));
    }
    Options.require(k >= 1 && k <= 1000, "--k must be 1..1000, got " + k);
    Options.require(threads >= 1 && threads <= 1024, "--threads must be 1..1024, got " + threads);
    Options.require(limitQueries >= 0, "--limit-queries must not be negative, got " + limitQueries);
    Options.require(batchSize >= 1 && batchSize <= 1000, "--batch-size must be 1..1000, got " + batchSize);
    if (target != null) {
      Options.checkTarget(target);
    } else {
      Options.require(collection == null && !keepCollection, "--collection and --keep-collection need --target");
    }
    Options.require(plot != null || compare.isEmpty(), "--compare needs --plot");
    AnnConfig config = new AnnConfig(dataset, metric == null ? null : DatasetMetric.parse(metric), index,
        settings, k, threads, target, collection, batchSize, keepCollection, filtered, limitQueries,
        !noPayload, out, plot, compare);
    new AnnBenchmark(config, Progress.stderr(), System.out).run();
    return 0;
  }
}
