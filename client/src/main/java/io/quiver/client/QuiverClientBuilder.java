package io.quiver.client;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures and builds a {@link QuiverClient}: either a {@link #target} the client connects
 * to (and closes), or an existing {@link #channel} it only borrows.
 *
 * <p>Not thread-safe; the client it builds is.
 */
public final class QuiverClientBuilder {

  /** The deadline each call gets unless configured otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /**
   * Replies up to this size are accepted by a channel the client creates. gRPC's own 4 MiB
   * is too small for a page or a search that returns vectors (1000 hits of 1536 floats are
   * 6 MB).
   */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  private String target;
  private Channel channel;
  private Duration defaultDeadline = DEFAULT_DEADLINE;
  private Executor callbackExecutor = Runnable::run;
  private int maxInboundMessageBytes = DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
  // Transport security of a channel the client creates. TLS will set other credentials here.
  private ChannelCredentials credentials = InsecureChannelCredentials.create();

  QuiverClientBuilder() {}

  /**
   * The server to connect to, as a gRPC target: {@code "host:port"} or a URI such as
   * {@code "dns:///quiver.internal:7070"}. The client owns that channel and closes it.
   */
  public QuiverClientBuilder target(String target) {
    this.target = Objects.requireNonNull(target, "target");
    return this;
  }

  /**
   * An existing channel to talk over instead of a {@link #target}. The client does not close
   * it; its owner does, after closing the client.
   */
  public QuiverClientBuilder channel(Channel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return this;
  }

  /**
   * The deadline of every call, counted from when the call starts; a bulk
   * {@code upsertStream} gets it once for the whole stream. Default 30 seconds. Use
   * {@link QuiverClient#withDeadline} for a different deadline on some calls.
   *
   * @throws IllegalArgumentException if not positive
   */
  public QuiverClientBuilder defaultDeadline(Duration deadline) {
    this.defaultDeadline = QuiverClient.requirePositive(deadline);
    return this;
  }

  /** Talks plaintext (no TLS) on a channel the client creates. This is the default. */
  public QuiverClientBuilder usePlaintext() {
    this.credentials = InsecureChannelCredentials.create();
    return this;
  }

  /**
   * Where the {@code CompletableFuture}s of the async methods complete, and so where
   * {@code thenApply}-style continuations without an executor of their own run. By default
   * they run directly on gRPC's callback thread, which is cheapest but must not block; pass
   * an executor if continuations do slow or blocking work.
   */
  public QuiverClientBuilder callbackExecutor(Executor executor) {
    this.callbackExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * The largest reply a channel the client creates accepts, in bytes. Default 64 MiB.
   *
   * @throws IllegalArgumentException if not positive
   */
  public QuiverClientBuilder maxInboundMessageBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be positive, got " + bytes);
    }
    this.maxInboundMessageBytes = bytes;
    return this;
  }

  /**
   * Builds the client. A channel to a {@link #target} is created now but connects lazily,
   * on the first call.
   *
   * @throws IllegalStateException unless exactly one of {@link #target} and
   *     {@link #channel} was given
   */
  public QuiverClient build() {
    if ((target == null) == (channel == null)) {
      throw new IllegalStateException("set exactly one of target(...) and channel(...)");
    }
    if (channel != null) {
      return new QuiverClient(channel, null, defaultDeadline, callbackExecutor);
    }
    ManagedChannel owned = Grpc.newChannelBuilder(target, credentials)
        .maxInboundMessageSize(maxInboundMessageBytes)
        .build();
    return new QuiverClient(owned, owned, defaultDeadline, callbackExecutor);
  }
}
