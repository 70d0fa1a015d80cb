package io.quiver.server.metrics;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC call meters, labelled by full method name (e.g. {@code quiver.v1.Points/Upsert}) and
 * status code name (e.g. {@code OK}, {@code INVALID_ARGUMENT}):
 * <ul>
 *   <li>{@code quiver_grpc_requests_total{method,status}} — calls finished;
 *   <li>{@code quiver_grpc_request_duration_seconds{method,status}} — histogram of the time
 *       from the call's start to its close.
 * </ul>
 * Methods are only those of registered services (gRPC answers unknown methods before any
 * interceptor runs), so the label set stays bounded. Thread-safe.
 */
public final class GrpcMetrics {
  /** Bucket bounds of latency histograms: 0.5 ms to 30 s, roughly ×2–2.5 apart. */
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private record Key(String method, Status.Code code) {}

  private record Meters(Counter requests, Timer duration) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

  GrpcMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records one finished call. */
  public void record(String method, Status.Code code, long nanos) {
    Meters m = meters.computeIfAbsent(new Key(method, code), k -> new Meters(
        Counter.builder("quiver.grpc.requests")
            .description("gRPC calls finished, by method and status code")
            .tag("method", k.method()).tag("status", k.code().name())
            .register(registry),
        Timer.builder("quiver.grpc.request.duration")
            .description("gRPC call latency from start to close, by method and status code")
            .tag("method", k.method()).tag("status", k.code().name())
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry)));
    m.requests().increment();
    m.duration().record(nanos, TimeUnit.NANOSECONDS);
  }
}
