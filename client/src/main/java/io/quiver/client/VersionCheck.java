package io.quiver.client;

import io.grpc.Channel;
import io.quiver.proto.v1.GetServerInfoRequest;
import io.quiver.proto.v1.ServerInfoGrpc;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks the server for its version once, alongside the client's first call, and logs a warning
 * (through {@link System.Logger}, logger {@code io.quiver.client}) when its major.minor differs
 * from the client's. It never fails or delays a call: a server that does not answer (an older
 * one without {@code ServerInfo}, or one that refuses the key) is logged at DEBUG and left
 * alone. Thread-safe.
 */
final class VersionCheck {

  static final System.Logger LOG = System.getLogger("io.quiver.client");

  private final Channel channel;
  private final boolean enabled;
  private final AtomicBoolean started = new AtomicBoolean();
  /** The server's version once known; empty if the check failed or is disabled. */
  private final CompletableFuture<Optional<String>> serverVersion = new CompletableFuture<>();

  VersionCheck(Channel channel, boolean enabled) {
    this.channel = channel;
    this.enabled = enabled;
    if (!enabled) {
      serverVersion.complete(Optional.empty());
    }
  }

  /** Starts the check unless it has started already. Never blocks. */
  void maybeStart() {
    if (!enabled || !started.compareAndSet(false, true)) {
      return;
    }
    var call = ServerInfoGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .get(GetServerInfoRequest.getDefaultInstance());
    call.addListener(() -> {
      try {
        String version = call.get().getVersion();
        if (!ClientVersion.compatible(ClientVersion.VERSION, version)) {
          LOG.log(Level.WARNING, "Quiver server version {0} differs from client version {1} (major.minor); "
              + "calls may fail or behave differently. Use a client of the server''s version.",
              version, ClientVersion.VERSION);
        }
        serverVersion.complete(Optional.of(version));
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "could not check the Quiver server version: {0}", String.valueOf(e.getCause()));
        serverVersion.complete(Optional.empty());
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }, Runnable::run);
  }

  /** Completes with the server's version after the check, or empty when it could not tell. */
  CompletableFuture<Optional<String>> serverVersion() {
    return serverVersion;
  }
}
