package io.quiver.server.support;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server as a separate JVM ({@code io.quiver.server.Main}), for crash and start-up tests. */
public final class ServerProcess implements AutoCloseable {
  public final Process process;
  public final int grpcPort;
  public final int httpPort;
  public final Path log;
  private ManagedChannel channel;

  private ServerProcess(Process process, int grpcPort, int httpPort, Path log) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.log = log;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code Main} with the given extra arguments and environment; does not wait. */
  public static ServerProcess launch(Path dataDir, Path log, int grpcPort, int httpPort, Map<String, String> env,
      String... extraArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.quiver.server.Main",
        "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
        "--grpc-port", Integer.toString(grpcPort), "--http-port", Integer.toString(httpPort)));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ServerProcess(pb.start(), grpcPort, httpPort, log);
  }

  /** Starts and waits until /readyz answers 200. */
  public static ServerProcess start(Path dataDir, Path log) throws Exception {
    ServerProcess p = launch(dataDir, log, freePort(), freePort(), Map.of());
    p.awaitReady(Duration.ofSeconds(60));
    return p;
  }

  public void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + ": " + output());
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server not ready in " + timeout + ": " + output());
  }

  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public synchronized ManagedChannel channel() {
    if (channel == null) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }
    return channel;
  }

  /** SIGKILL: no shutdown hook, no flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then wait for the exit. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (process.isAlive()) {
      kill();
    }
  }
}
