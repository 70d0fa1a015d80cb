package io.quiver.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SnapshotsGrpc;
import io.quiver.server.config.ServerConfig;
import io.grpc.ServerCredentials;
import io.quiver.server.grpc.AuthInterceptor;
import io.quiver.server.grpc.CollectionsService;
import io.quiver.server.grpc.ServerInfoService;
import io.quiver.server.metrics.BuildInfo;
import io.quiver.server.security.ApiKeys;
import io.quiver.server.security.TlsSetup;
import io.quiver.server.grpc.MonitoringInterceptor;
import io.quiver.server.grpc.ParseGuard;
import io.quiver.server.grpc.PointsService;
import io.quiver.server.grpc.RequestLimits;
import io.quiver.server.grpc.SearchService;
import io.quiver.server.grpc.SnapshotsService;
import io.quiver.server.grpc.StartupGate;
import io.quiver.server.http.OpsHttpServer;
import io.quiver.server.metrics.ServerMetrics;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseListener;
import io.quiver.storage.collection.DatabaseOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the engine, the gRPC server (Quiver's services, standard health and
 * reflection), the ops HTTP endpoint and the metrics, started and stopped as one.
 *
 * <p>Start-up order: metrics, then the HTTP port ({@code /livez} 200, {@code /readyz} 503),
 * then the gRPC port with health NOT_SERVING and Quiver's methods answering UNAVAILABLE,
 * then the collections load; only then do the services open, health turn SERVING and
 * {@code /readyz} 200. So both ports are bound (and a taken one is reported) before a long
 * load, and probes on either protocol see the same readiness.
 *
 * <p>Shutdown order: report NOT_SERVING, stop accepting calls, let in-flight calls finish
 * within the grace period, then close the engine (which commits queued writes and flushes
 * RocksDB). Thread-safe; {@link #close} is idempotent.
 */
public final class QuiverServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QuiverServer.class);

  private static final List<io.grpc.ServiceDescriptor> SERVICES = List.of(CollectionsGrpc.getServiceDescriptor(),
      PointsGrpc.getServiceDescriptor(), SearchGrpc.getServiceDescriptor(), SnapshotsGrpc.getServiceDescriptor());

  private final ServerConfig config;
  private final Database db;
  private final Server grpc;
  private final OpsHttpServer http;
  private final HealthStatusManager health;
  private final ServerMetrics metrics;
  private final AtomicBoolean ready;
  private boolean closed;

  private QuiverServer(ServerConfig config, Database db, Server grpc, OpsHttpServer http,
      HealthStatusManager health, ServerMetrics metrics, AtomicBoolean ready) {
    this.config = config;
    this.db = db;
    this.grpc = grpc;
    this.http = http;
    this.health = health;
    this.metrics = metrics;
    this.ready = ready;
  }

  /**
   * Opens the store and starts serving. Throws {@link StartupException} with a one-line
   * reason when a port is taken or the data directory is unusable or locked.
   */
  public static QuiverServer start(ServerConfig config) {
    return start(config, DatabaseListener.NONE);
  }

  /**
   * As {@link #start(ServerConfig)}, also reporting engine events to {@code observer}, which is
   * called on the loading thread too (tools and tests use it to watch or pace start-up).
   */
  public static QuiverServer start(ServerConfig config, DatabaseListener observer) {
    long t0 = System.nanoTime();
    AtomicBoolean ready = new AtomicBoolean();
    ServerMetrics metrics = config.getBool("metrics.enabled") ? new ServerMetrics() : null;
    ApiKeys keys = ApiKeys.from(config);
    ServerCredentials credentials = TlsSetup.credentials(config);
    OpsHttpServer http;
    try {
      http = new OpsHttpServer(config.host(), config.httpPort(), ready::get, metrics == null ? null : metrics::scrape,
          config.getBool("security.protect_http") ? keys : ApiKeys.none());
    } catch (IOException e) {
      closeQuietly(metrics);
      throw new StartupException("cannot listen on HTTP port " + config.httpPort() + " (" + e.getMessage() + ")", e);
    }
    HealthStatusManager health = new HealthStatusManager();
    setHealth(health, ServingStatus.NOT_SERVING);
    StartupGate gate = new StartupGate(SERVICES);
    Server grpc;
    try {
      // The interceptor added last runs first: monitoring sees every call, refused ones too.
      grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()), credentials)
          .maxInboundMessageSize(config.getInt("limits.max_message_mb") << 20)
          .intercept(new AuthInterceptor(keys))
          .intercept(new MonitoringInterceptor(metrics == null ? null : metrics.grpc(),
              config.getBool("logging.access_log")))
          .addService(health.getHealthService())
          .addService(new ServerInfoService(BuildInfo.current()))
          .addService(ProtoReflectionServiceV1.newInstance())
          .fallbackHandlerRegistry(gate)
          .build()
          .start();
    } catch (IOException e) {
      http.close();
      closeQuietly(metrics);
      throw new StartupException("cannot listen on gRPC port " + config.grpcPort() + " ("
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")", e);
    }
    log.info("gRPC transport: {}; API keys: {}", TlsSetup.describe(config),
        keys.enabled() ? keys.size() + " configured" : "none (authentication off)");
    log.info("loading collections from {} (gRPC on {}:{} and HTTP on {}:{} report not ready until done)",
        config.dataDir().toAbsolutePath().normalize(), config.host(), grpc.getPort(), config.host(), http.port());
    long loadStart = System.nanoTime();
    Database db;
    try {
      db = Database.open(config.dataDir(), new DatabaseOptions(
          (long) config.getInt("storage.block_cache_mb") << 20, config.getBool("storage.sync_writes"),
          config.getInt("storage.index_save_seconds")),
          DatabaseListener.both(metrics == null ? DatabaseListener.NONE : metrics.engine(),
              DatabaseListener.both(stopReadinessOnWriteFailure(ready, health, metrics), observer)));
    } catch (RuntimeException e) {
      grpc.shutdownNow();
      http.close();
      closeQuietly(metrics);
      throw new StartupException(e.getMessage(), e);
    }
    Duration loadTime = Duration.ofNanos(System.nanoTime() - loadStart);
    RequestLimits limits = RequestLimits.from(config);
    gate.open(List.of(bind(new CollectionsService(db, limits)), bind(new PointsService(db, limits)),
        bind(new SearchService(db, limits)), bind(new SnapshotsService(db, limits))));
    if (metrics != null) {
      metrics.engine().bindStore(db, config.dataDir());
      metrics.ready(true, loadTime);
    }
    QuiverServer server = new QuiverServer(config, db, grpc, http, health, metrics, ready);
    setHealth(health, ServingStatus.SERVING);
    ready.set(true);
    log.info("Quiver serving gRPC on {}:{}, HTTP on {}:{}, data in {} (started in {} ms)",
        config.host(), server.grpcPort(), config.host(), http.port(), config.dataDir().toAbsolutePath().normalize(),
        (System.nanoTime() - t0) / 1_000_000);
    return server;
  }

  /**
   * After a failed durable write the engine refuses writes; the server then says so to its
   * orchestrator (readiness 503, gRPC health NOT_SERVING) instead of carrying on.
   */
  private static DatabaseListener stopReadinessOnWriteFailure(AtomicBoolean ready, HealthStatusManager health,
      ServerMetrics metrics) {
    return new DatabaseListener() {
      @Override
      public void onWritesStopped(io.quiver.storage.StorageException reason) {
        log.error("writes are stopped ({}); reporting not ready", reason.getMessage());
        ready.set(false);
        setHealth(health, ServingStatus.NOT_SERVING);
        if (metrics != null) {
          metrics.ready(false, null);
        }
      }
    };
  }

  private static ServerServiceDefinition bind(BindableService service) {
    return ParseGuard.guard(service.bindService());
  }

  private static void setHealth(HealthStatusManager health, ServingStatus status) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    for (io.grpc.ServiceDescriptor service : SERVICES) {
      health.setStatus(service.getName(), status);
    }
  }

  private static void closeQuietly(ServerMetrics metrics) {
    if (metrics != null) {
      metrics.close();
    }
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

  /** The metrics, or null when {@code metrics.enabled} is false. */
  public ServerMetrics metrics() {
    return metrics;
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
    ready.set(false);
    if (metrics != null) {
      metrics.ready(false, null);
    }
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
    closeQuietly(metrics);
    log.info("shut down cleanly");
  }
}
