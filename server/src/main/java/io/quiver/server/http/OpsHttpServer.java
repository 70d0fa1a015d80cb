package io.quiver.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operations HTTP endpoint: {@code /livez} (200 while the process serves) and
 * {@code /readyz} (503 until collections are loaded and while shutting down, 200 otherwise).
 * Uses the JDK's built-in server: two plain-text endpoints do not justify a web framework.
 * Thread-safe.
 */
public final class OpsHttpServer implements AutoCloseable {
  private final HttpServer server;

  public OpsHttpServer(String host, int port, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/livez", ex -> reply(ex, 200, "ok\n"));
    server.createContext("/readyz", ex -> {
      boolean ok = ready.getAsBoolean();
      reply(ex, ok ? 200 : 503, ok ? "ready\n" : "not ready\n");
    });
    server.createContext("/", ex -> reply(ex, 404, "not found; try /livez or /readyz\n"));
    server.setExecutor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon(true).name("quiver-http-", 0).factory()));
    server.start();
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
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
