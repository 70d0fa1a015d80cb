package io.quiver.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quiver.server.metrics.GrpcMetrics;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes every gRPC call once it ends: records it in the request metrics and writes one
 * access-log line (logger {@code quiver.access}) with the method, status code, duration and
 * the collection named in the request. Never logs payloads, vectors or ids. A call the client
 * cancels (or whose deadline passes) is recorded as CANCELLED.
 *
 * <p>Access-log lines are at INFO, except for the standard health and reflection services
 * (DEBUG), which probes call every few seconds. Thread-safe.
 */
public final class MonitoringInterceptor implements ServerInterceptor {
  private static final Logger access = LoggerFactory.getLogger("quiver.access");

  private final GrpcMetrics metrics;
  private final boolean accessLog;

  /**
   * @param metrics where to record calls, or null for no metrics
   * @param accessLog whether to write access-log lines
   */
  public MonitoringInterceptor(GrpcMetrics metrics, boolean accessLog) {
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    CallRecord record = new CallRecord(call.getMethodDescriptor().getFullMethodName(), System.nanoTime());
    ServerCall<ReqT, RespT> observed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        try {
          super.close(status, trailers);
        } finally {
          record.finish(status.getCode());
        }
      }
    };
    ServerCall.Listener<ReqT> listener = next.startCall(observed, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        if (record.collection == null) {
          record.collection = CollectionNames.of(message);
        }
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          record.finish(Status.Code.CANCELLED);
        }
      }
    };
  }

  /** One call in flight; {@link #finish} acts once, whichever of close and cancel comes first. */
  private final class CallRecord {
    final String method;
    final long start;
    volatile String collection;
    private final AtomicBoolean finished = new AtomicBoolean();

    CallRecord(String method, long start) {
      this.method = method;
      this.start = start;
    }

    void finish(Status.Code code) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      long nanos = System.nanoTime() - start;
      if (metrics != null) {
        metrics.record(method, code, nanos);
      }
      if (accessLog) {
        log(code, nanos);
      }
    }

    private void log(Status.Code code, long nanos) {
      boolean probe = method.startsWith("grpc.");
      if (probe ? !access.isDebugEnabled() : !access.isInfoEnabled()) {
        return;
      }
      String ms = String.format(Locale.ROOT, "%.3f", nanos / 1e6);
      String c = collection;
      var event = (probe ? access.atDebug() : access.atInfo())
          .addKeyValue("method", method)
          .addKeyValue("status", code.name())
          .addKeyValue("duration_ms", ms);
      if (c != null) {
        event = event.addKeyValue("collection", c);
      }
      event.log(c == null ? "{} {} {} ms" : "{} {} {} ms collection={}", method, code.name(), ms, c);
    }
  }
}
