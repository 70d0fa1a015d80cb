package io.quiver.server;

import io.quiver.server.config.ConfigException;
import io.quiver.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quiver serve}: resolves the configuration, starts the server in the foreground and
 * stops it gracefully on SIGTERM or Ctrl-C. Exit codes: 0 after a clean stop, 2 when the
 * configuration is wrong, 3 when the server cannot start (port taken, data dir unusable or
 * locked).
 */
@Command(name = "quiver serve", mixinStandardHelpOptions = true, version = "Quiver 0.1.0",
    description = "Runs the Quiver vector database server in the foreground.")
public final class Main implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML config file (default: ./quiver.yaml when it exists)")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "storage.data_dir")
  String dataDir;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "server.grpc_port")
  String grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", description = "server.http_port")
  String httpPort;

  @Option(names = "--host", paramLabel = "ADDR", description = "server.host")
  String host;

  @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
      description = "override any setting, e.g. --set limits.max_batch_size=5000")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = "--log-format", paramLabel = "text|json", description = "logging.format: text or json (JSON lines)")
  String logFormat;

  @Option(names = "--print-config", description = "print the effective configuration and exit")
  boolean printConfig;

  @Override
  public Integer call() {
    ServerConfig config;
    try {
      config = resolveConfig();
    } catch (ConfigException e) {
      System.err.println("quiver: configuration error: " + e.getMessage());
      return 2;
    }
    if (printConfig) {
      System.out.print(config.toYaml());
      return 0;
    }
    LogSetup.apply(config.getString("logging.format"), config.getString("logging.level"));
    QuiverServer server;
    try {
      server = QuiverServer.start(config);
    } catch (ConfigException e) {
      // Security settings are checked at start: a malformed key file or half a TLS pair.
      System.err.println("quiver: configuration error: " + e.getMessage());
      return 2;
    } catch (StartupException e) {
      System.err.println("quiver: cannot start: " + e.getMessage());
      return 3;
    }
    Thread hook = Thread.ofPlatform().name("quiver-shutdown").unstarted(server::close);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  ServerConfig resolveConfig() {
    Path file = configFile;
    if (file == null && Files.isRegularFile(Path.of("quiver.yaml"))) {
      file = Path.of("quiver.yaml");
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    Map<String, String> overrides = new LinkedHashMap<>(sets);
    if (dataDir != null) {
      overrides.put("storage.data_dir", dataDir);
    }
    if (grpcPort != null) {
      overrides.put("server.grpc_port", grpcPort);
    }
    if (httpPort != null) {
      overrides.put("server.http_port", httpPort);
    }
    if (host != null) {
      overrides.put("server.host", host);
    }
    if (logFormat != null) {
      overrides.put("logging.format", logFormat);
    }
    return ServerConfig.load(file, System.getenv(), overrides);
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
