package io.quiver.bench.crash;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Quiver server run as its own JVM from the shaded server jar, so that it can be killed
 * with SIGKILL exactly as a crash would. Not thread-safe (one owner).
 */
final class ServerUnderTest implements AutoCloseable {
  private final Process process;
  private final ManagedChannel channel;
  final int grpcPort;
  final int httpPort;
  final Path log;

  private ServerUnderTest(Process process, int grpcPort, int httpPort, Path log) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.log = log;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the server on {@code dataDir} and waits until /readyz says 200. */
  static ServerUnderTest start(Path serverJar, Path dataDir, Path log, Duration timeout) throws Exception {
    int grpc = freePort();
    int http = freePort();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
        "-jar", serverJar.toString(),
        "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
        "--grpc-port", Integer.toString(grpc), "--http-port", Integer.toString(http),
        // Save indexes every second, so kills land during saves too.
        "--set", "storage.index_save_seconds=1", "--set", "logging.access_log=false"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ServerUnderTest server = new ServerUnderTest(p, grpc, http, log);
    server.awaitReady(timeout);
    return server;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("server not ready after " + timeout + "; see " + log);
  }

  ManagedChannel channel() {
    return channel;
  }

  /** SIGKILL: no shutdown hook, no flush, no index save. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
