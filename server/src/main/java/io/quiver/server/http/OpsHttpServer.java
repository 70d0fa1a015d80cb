package io.quiver.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quiver.server.metrics.ServerMetrics;
import io.quiver.server.security.ApiKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations HTTP endpoint: {@code /livez} (200 while the process serves),
 * {@code /readyz} (503 until collections are loaded and while shutting down, 200 otherwise)
 * and {@code /metrics} (Prometheus text format, when metrics are on). The probes never need
 * credentials; {@code /metrics} needs an API key ({@code Authorization: Bearer <key>} or
 * {@code Api-Key: <key>}, read-only keys included) when {@code security.protect_http} is on.
 * Uses the JDK's built-in server: three plain-text endpoints do not justify a web framework.
 * Thread-safe.
 */
public final class OpsHttpServer implements AutoCloseable {
  private static final String TEXT = "text/plain; charset=utf-8";
  private final HttpServer server;

  /**
   * Binds and starts.
   *
   * @param ready whether {@code /readyz} says 200
   * @param metrics the {@code /metrics} body, or null when metrics are off (then 404)
   * @param metricsKeys the keys {@code /metrics} accepts; {@link ApiKeys#none()} leaves it open
   */
  public OpsHttpServer(String host, int port, BooleanSupplier ready, Supplier<String> metrics, ApiKeys metricsKeys)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/livez", ex -> reply(ex, 200, TEXT, "ok\n"));
    server.createContext("/readyz", ex -> {
      boolean ok = ready.getAsBoolean();
      reply(ex, ok ? 200 : 503, TEXT, ok ? "ready\n" : "not ready\n");
    });
    if (metrics != null) {
      server.createContext("/metrics", ex -> {
        if (metricsKeys.enabled() && metricsKeys.roleOf(ApiKeys.presentedKey(
            ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Api-Key"))) == null) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
          reply(ex, 401, TEXT, "unauthorized: send 'Authorization: Bearer <key>'\n");
          return;
        }
        reply(ex, 200, ServerMetrics.CONTENT_TYPE, metrics.get());
      });
    }
    server.createContext("/", ex -> reply(ex, 404, TEXT, "not found; try /livez, /readyz or /metrics\n"));
    server.setExecutor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).name("quiver-http-", 0).factory()));
    server.start();
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(code, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
