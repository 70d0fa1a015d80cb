package io.quiver.server.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Prometheus's binaries (Debian package {@code prometheus}). Without them, tests that
 * need them are skipped with a message, unless {@code QUIVER_REQUIRE_PROMETHEUS=1} (set by
 * {@code .ci/run}), where a missing binary fails the test.
 */
public final class Promtool {
  private Promtool() {}

  /** The path of {@code binary} on PATH; skips or fails the test when it is missing. */
  public static Path require(String binary) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, binary);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String message = binary + " is not installed (Debian/Ubuntu: apt-get install prometheus)";
    if ("1".equals(System.getenv("QUIVER_REQUIRE_PROMETHEUS"))) {
      throw new AssertionError(message + ", and QUIVER_REQUIRE_PROMETHEUS=1 requires it");
    }
    Assumptions.abort(message + "; skipping (set QUIVER_REQUIRE_PROMETHEUS=1 to make this a failure)");
    return null;
  }

  /** Result of a command: exit code and combined output. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code command}, feeding {@code stdin} (may be null), and waits up to a minute. */
  public static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), out);
  }
}
