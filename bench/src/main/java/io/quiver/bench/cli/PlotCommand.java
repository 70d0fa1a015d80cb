package io.quiver.bench.cli;

import io.quiver.bench.report.RecallQpsPlot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quiver bench plot}: redraws recall vs QPS from result CSVs already written. Not thread-safe. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = "Draws recall (x) vs QPS (y, log) from result CSVs (this runner's and the peers') into a PNG.")
public final class PlotCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "the PNG to write")
  Path out;

  @Option(names = "--title", defaultValue = "recall vs QPS", paramLabel = "TEXT", description = "chart title")
  String title;

  @Parameters(arity = "1..*", paramLabel = "RESULT.csv", description = "result CSVs, one line per system in each")
  List<Path> csvs;

  @Override
  public Integer call() {
    RecallQpsPlot.plot(csvs, out, title);
    return 0;
  }
}
