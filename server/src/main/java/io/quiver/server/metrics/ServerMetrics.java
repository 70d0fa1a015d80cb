package io.quiver.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's metrics: one Prometheus registry holding Quiver's own families (all named
 * {@code quiver_*}), the JVM and process families under Micrometer's standard names
 * ({@code jvm_*}, {@code process_*}, {@code system_*}, so stock JVM dashboards work), and
 * {@code quiver_build_info}. Labels are bounded: collection, index, method, status and plan,
 * never ids or payload values. The families are listed in {@code deploy/README.md}.
 *
 * <p>Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
  /** Content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicLong loadMillis = new AtomicLong(-1);
  private final GrpcMetrics grpc;
  private final EngineMetrics engine;

  /** Creates the registry and binds the JVM, process and build-info meters. */
  public ServerMetrics() {
    // Three of Micrometer's JVM/process meters fail `promtool check metrics` lint (abbreviated
    // units, a "_count" suffix on a gauge): process_cpu_time_ns_total is dropped (the usage
    // gauge stays), JVM compilation time is not bound, and system_cpu_count is renamed.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.processors") : id;
      }
    });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    BuildInfo info = BuildInfo.current();
    Gauge.builder("quiver.build.info", () -> 1)
        .description("Quiver's version and the Java runtime it runs on; always 1")
        .tag("version", info.version())
        .tag("java_version", info.javaVersion())
        .tag("vector_api", info.vectorApi())
        .register(registry);
    Gauge.builder("quiver.ready", ready, r -> r.get() ? 1 : 0)
        .description("1 when collections are loaded and requests are served (as /readyz), 0 otherwise")
        .register(registry);
    Gauge.builder("quiver.load.duration", loadMillis, m -> m.get() < 0 ? Double.NaN : m.get() / 1000.0)
        .description("How long loading the collections took at start-up")
        .baseUnit("seconds")
        .register(registry);
    grpc = new GrpcMetrics(registry);
    engine = new EngineMetrics(registry);
  }

  /** The meters of gRPC calls, for the monitoring interceptor. */
  public GrpcMetrics grpc() {
    return grpc;
  }

  /** The engine's listener; pass it to {@code Database.open}. */
  public EngineMetrics engine() {
    return engine;
  }

  /** Records the start-up load time and marks the server ready (or not). */
  public void ready(boolean value, Duration loadTime) {
    if (loadTime != null) {
      loadMillis.set(loadTime.toMillis());
    }
    ready.set(value);
  }

  /** The registry (tests and future binders). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
