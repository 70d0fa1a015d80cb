package io.quiver.server;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.grpc.CollectionsService;
import io.quiver.server.grpc.PointsService;
import io.quiver.server.grpc.RequestLimits;
import io.quiver.server.grpc.SearchService;
import io.quiver.server.http.OpsHttpServer;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the engine, the gRPC server (Quiver's services, standard health and
 * reflection) and the ops HTTP endpoint, started and stopped as one.
 *
 * <p>Shutdown order: report NOT_SERVING, stop accepting calls, let in-flight calls finish
 * within the grace period, then close the engine (which commits queued writes and flushes
 * RocksDB). Thread-safe; {@link #close} is idempotent.
 */
public final class QuiverServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QuiverServer.class);

  private static final String[] SERVICES = {"quiver.v1.Collections", "quiver.v1.Points", "quiver.v1.Search"};

  private final ServerConfig config;
  private final Database db;
  private final Server grpc;
  private final OpsHttpServer http;
  private final HealthStatusManager health;
  private volatile boolean ready;
  private volatile boolean closed;

  private QuiverServer(ServerConfig config, Database db, Server grpc, OpsHttpServer http,
      HealthStatusManager health) {
    this.config = config;
    this.db = db;
    this.grpc = grpc;
    this.http = http;
    this.health = health;
  }

  /**
   * Opens the store and starts serving. Throws {@link StartupException} with a one-line
   * reason when a port is taken or the data directory is unusable or locked.
   */
  public static QuiverServer start(ServerConfig config) {
    long t0 = System.nanoTime();
    // The HTTP endpoint comes up first so that /livez answers and /readyz says 503 while the
    // collections load.
    AtomicReference<QuiverServer> self = new AtomicReference<>();
    OpsHttpServer http;
    try {
      http = new OpsHttpServer(config.host(), config.httpPort(), () -> {
        QuiverServer s = self.get();
        return s != null && s.ready;
      });
    } catch (IOException e) {
      throw new StartupException("cannot listen on HTTP port " + config.httpPort() + " (" + e.getMessage() + ")", e);
    }
    Database db;
    try {
      db = Database.open(config.dataDir(), new DatabaseOptions(
          (long) config.getInt("storage.block_cache_mb") << 20, config.getBool("storage.sync_writes")));
    } catch (RuntimeException e) {
      http.close();
      throw new StartupException(e.getMessage(), e);
    }
    RequestLimits limits = RequestLimits.from(config);
    HealthStatusManager health = new HealthStatusManager();
    Server grpc;
    try {
      grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
          .maxInboundMessageSize(config.getInt("limits.max_message_mb") << 20)
          .addService(new CollectionsService(db, limits))
          .addService(new PointsService(db, limits))
          .addService(new SearchService(db, limits))
          .addService(health.getHealthService())
          .addService(ProtoReflectionServiceV1.newInstance())
          .build()
          .start();
    } catch (IOException e) {
      db.close();
      http.close();
      throw new StartupException("cannot listen on gRPC port " + config.grpcPort() + " ("
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")", e);
    }
    QuiverServer server = new QuiverServer(config, db, grpc, http, health);
    health.setStatus("", ServingStatus.SERVING);
    for (String service : SERVICES) {
      health.setStatus(service, ServingStatus.SERVING);
    }
    self.set(server);
    server.ready = true;
    log.info("Quiver serving gRPC on {}:{}, HTTP on {}:{}, data in {} (started in {} ms)",
        config.host(), server.grpcPort(), config.host(), http.port(), config.dataDir().toAbsolutePath().normalize(),
        (System.nanoTime() - t0) / 1_000_000);
    return server;
  }

  /** The bound gRPC port. */
  public int grpcPort() {
    return grpc.getPort();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** The engine (for in-process tools and tests). */
  public Database database() {
    return db;
  }

  public ServerConfig config() {
    return config;
  }

  /** Blocks until the gRPC server terminates. */
  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  /** Graceful stop: see the class comment. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready = false;
    log.info("shutting down: draining in-flight calls");
    health.enterTerminalState();
    grpc.shutdown();
    try {
      int grace = config.getInt("server.shutdown_grace_seconds");
      if (!grpc.awaitTermination(grace, TimeUnit.SECONDS)) {
        log.warn("in-flight calls did not finish in {} s; cancelling them", grace);
        grpc.shutdownNow();
        grpc.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      grpc.shutdownNow();
    }
    db.close();
    http.close();
    log.info("shut down cleanly");
  }
}
