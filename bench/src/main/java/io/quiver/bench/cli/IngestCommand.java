package io.quiver.bench.cli;

import io.quiver.bench.ingest.IngestBenchmark;
import io.quiver.bench.report.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quiver bench ingest}: bulk-load throughput against a server. Not thread-safe. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reports vectors/s of a bulk load over the streaming upsert into a running server,",
        "with 1 and with T client threads; each load goes into a fresh collection, deleted afterwards."})
public final class IngestCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "TEXMEX dataset directory")
  Path dataset;

  @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the server")
  String target;

  @Option(names = "--threads", defaultValue = "4", paramLabel = "T",
      description = "client threads of the second run (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--batch-size", defaultValue = "500", paramLabel = "B",
      description = "points per streamed batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "load only the first N vectors")
  int limit;

  @Option(names = "--no-payload", description = "do not send base.meta.jsonl as payload")
  boolean noPayload;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "also write the results to this CSV")
  Path out;

  @Override
  public Integer call() {
    Options.checkTarget(target);
    Options.require(threads >= 1 && threads <= 256, "--threads must be 1..256, got " + threads);
    Options.require(batchSize >= 1 && batchSize <= 1000, "--batch-size must be 1..1000, got " + batchSize);
    Options.require(limit >= 0, "--limit must not be negative, got " + limit);
    new IngestBenchmark(new IngestBenchmark.Config(dataset, target, threads, batchSize, limit, !noPayload, out),
        Progress.stderr(), System.out).run();
    return 0;
  }
}
