package io.quiver.bench;

import io.quiver.bench.cli.AnnCommand;
import io.quiver.bench.cli.IngestCommand;
import io.quiver.bench.cli.PlotCommand;
import io.quiver.bench.filter.UnsupportedFilterException;
import io.quiver.bench.io.DatasetFormatException;
import io.quiver.client.QuiverException;
import io.quiver.storage.StorageException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the benchmark runner, {@code ./quiver bench ...}: {@code ann} (recall/QPS
 * sweeps), {@code ingest} (bulk-load throughput) and {@code plot} (redraw from CSVs). The JMH micro-benchmarks in the same
 * jar keep their own main class ({@code org.openjdk.jmh.Main}, the jar's manifest main).
 *
 * <p>Exit codes: 0 done; 2 bad usage or input (an option, a dataset file, a filter the target
 * cannot run); 1 the measurement failed (a server unreachable, an error mid-run).
 */
@Command(name = "quiver bench", mixinStandardHelpOptions = true,
    versionProvider = BenchMain.Version.class,
    subcommands = {AnnCommand.class, IngestCommand.class, PlotCommand.class},
    description = "Quiver benchmarks over real datasets.")
public final class BenchMain implements Runnable {
  /** Exit code of a usage or input error. */
  public static final int EXIT_USAGE = 2;
  /** Exit code of a failed measurement. */
  public static final int EXIT_FAILED = 1;

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code; errors go to stderr. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line and returns the exit code; usage and error messages go to {@code err}. */
  public static int execute(PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new BenchMain());
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // Engine refusals of what the user asked for (an unknown index spec) are usage errors too.
      boolean invalidForEngine = e instanceof StorageException se
          && se.reason() == StorageException.Reason.INVALID_ARGUMENT;
      if (e instanceof IllegalArgumentException || e instanceof DatasetFormatException
          || e instanceof UnsupportedFilterException || invalidForEngine) {
        cmd.getErr().println("quiver bench: " + e.getMessage());
        return EXIT_USAGE;
      }
      if (e instanceof QuiverException q) {
        cmd.getErr().println("quiver bench: the server failed the request: " + q.getMessage());
        return EXIT_FAILED;
      }
      if (e instanceof IllegalStateException) {
        cmd.getErr().println("quiver bench: " + e.getMessage());
        return EXIT_FAILED;
      }
      cmd.getErr().println("quiver bench: " + e);
      e.printStackTrace(cmd.getErr());
      return EXIT_FAILED;
    });
    return cl.execute(args);
  }

  /** The version {@code --version} prints. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"quiver bench " + BenchVersion.get()};
    }
  }
}
