package io.quiver.client;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNames;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Configures and builds a {@link QuiverClient}: either a {@link #target} the client connects
 * to (and closes), or an existing {@link #channel} it only borrows; then credentials (an
 * {@linkplain #apiKey API key}, {@linkplain #useTls TLS} from PEM files, key and trust
 * managers or an {@link SSLContext}, client certificates for mTLS), the default deadline, the
 * {@linkplain #retryPolicy retry policy}, the executor of async results and the user agent.
 *
 * <pre>{@code
 * QuiverClient client = QuiverClient.builder()
 *     .target("quiver.internal:7070")
 *     .apiKey(System.getenv("QUIVER_API_KEY"))
 *     .trustCertificates(Path.of("/etc/quiver/ca.pem"))
 *     .defaultDeadline(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
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
  private String apiKey;
  private RetryPolicy retryPolicy = RetryPolicy.defaults();
  private String userAgent = ClientVersion.defaultUserAgent();
  private boolean versionCheck = true;
  // Transport security of a channel the client creates.
  private boolean tls;
  private Path trustCertificates;
  private Path clientCertificate;
  private Path clientKey;
  private TrustManager[] trustManagers;
  private KeyManager[] keyManagers;
  private SSLContext sslContext;
  private ChannelCredentials credentials;

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
   * it; its owner does, after closing the client. Its transport security and user agent are
   * the channel's own: the TLS and {@link #userAgent} settings here apply only to a channel
   * the client creates. The API key is still added to every call.
   */
  public QuiverClientBuilder channel(Channel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return this;
  }

  /**
   * The deadline of every call, counted from when the call starts; its retries share it, and
   * a bulk {@code upsertStream} gets it once for the whole stream. Default 30 seconds. Use
   * {@link QuiverClient#withDeadline} for a different deadline on some calls.
   *
   * @throws IllegalArgumentException if not positive
   */
  public QuiverClientBuilder defaultDeadline(Duration deadline) {
    this.defaultDeadline = QuiverClient.requirePositive(deadline);
    return this;
  }

  /**
   * The API key sent with every call as {@code authorization: Bearer <key>}. A server with
   * keys configured refuses calls without one ({@link UnauthenticatedException}) and writes
   * with a read-only one ({@link PermissionDeniedException}). Use TLS: over plaintext the key
   * travels in the clear.
   *
   * @throws IllegalArgumentException if blank or not printable ASCII
   */
  public QuiverClientBuilder apiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("apiKey must be non-empty printable ASCII without spaces");
    }
    this.apiKey = apiKey;
    return this;
  }

  /** Talks plaintext (no TLS) on a channel the client creates. This is the default. */
  public QuiverClientBuilder usePlaintext() {
    this.tls = false;
    this.trustCertificates = null;
    this.clientCertificate = null;
    this.clientKey = null;
    this.trustManagers = null;
    this.keyManagers = null;
    this.sslContext = null;
    this.credentials = null;
    return this;
  }

  /**
   * Talks TLS, trusting the JVM's default certificate authorities unless
   * {@link #trustCertificates} or {@link #trustManager} says otherwise.
   */
  public QuiverClientBuilder useTls() {
    this.tls = true;
    return this;
  }

  /**
   * Talks TLS and trusts the server certificates signed by the CA certificates in this PEM
   * file (e.g. a private CA, or the server's self-signed certificate) instead of the JVM's.
   */
  public QuiverClientBuilder trustCertificates(Path caCertificatesPem) {
    this.trustCertificates = Objects.requireNonNull(caCertificatesPem, "caCertificatesPem");
    this.tls = true;
    return this;
  }

  /**
   * Talks TLS and presents this client certificate (mutual TLS), for a server configured with
   * {@code security.tls_client_ca_file}.
   *
   * @param certificateChainPem the client's certificate chain, PEM
   * @param privateKeyPem its private key, PEM (PKCS#8)
   */
  public QuiverClientBuilder clientCertificate(Path certificateChainPem, Path privateKeyPem) {
    this.clientCertificate = Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    this.clientKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    this.tls = true;
    return this;
  }

  /** Talks TLS and checks the server's certificate with these trust managers (e.g. from a trust store). */
  public QuiverClientBuilder trustManager(TrustManager... trustManagers) {
    this.trustManagers = trustManagers.clone();
    this.tls = true;
    return this;
  }

  /** Talks TLS and presents the client certificate these key managers choose (mTLS, e.g. from a key store). */
  public QuiverClientBuilder keyManager(KeyManager... keyManagers) {
    this.keyManagers = keyManagers.clone();
    this.tls = true;
    return this;
  }

  /**
   * Talks TLS with an initialised {@link SSLContext} (its trust and key material; protocols
   * and ALPN are set by the client). Replaces the other TLS settings.
   */
  public QuiverClientBuilder sslContext(SSLContext sslContext) {
    this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
    this.tls = true;
    return this;
  }

  /** gRPC channel credentials to use as they are, for setups the other methods do not cover. Replaces the other TLS settings. */
  public QuiverClientBuilder channelCredentials(ChannelCredentials credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
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

  /** Same as {@link #callbackExecutor}. */
  public QuiverClientBuilder executor(Executor executor) {
    return callbackExecutor(executor);
  }

  /** How failed calls are retried; {@link RetryPolicy#defaults()} unless set, {@link RetryPolicy#none()} to turn retries off. */
  public QuiverClientBuilder retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    return this;
  }

  /**
   * The user agent of a channel the client creates. Default
   * {@code quiver-java/<client version> java/<java.version>}; a given one is put in front of
   * that default.
   */
  public QuiverClientBuilder userAgent(String userAgent) {
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent") + " " + ClientVersion.defaultUserAgent();
    return this;
  }

  /**
   * Whether to ask the server for its version alongside the first call and log a warning
   * (logger {@code io.quiver.client}, through {@link System.Logger}) when its major.minor
   * differs from this client's. Default on; the check never fails or delays a call.
   */
  public QuiverClientBuilder versionCheck(boolean enabled) {
    this.versionCheck = enabled;
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
   * @throws UncheckedIOException if a PEM file cannot be read
   * @throws IllegalArgumentException if a PEM file cannot be parsed
   */
  public QuiverClient build() {
    if ((target == null) == (channel == null)) {
      throw new IllegalStateException("set exactly one of target(...) and channel(...)");
    }
    ManagedChannel owned = null;
    Channel base = channel;
    if (base == null) {
      ManagedChannelBuilder<?> b = sslContext != null && credentials == null
          ? NettyChannelBuilder.forTarget(target).sslContext(nettyContext(sslContext))
          : Grpc.newChannelBuilder(target, credentials());
      owned = b.maxInboundMessageSize(maxInboundMessageBytes).userAgent(userAgent).build();
      base = owned;
    }
    Channel calls = apiKey == null ? base : ClientInterceptors.intercept(base, new ApiKeyInterceptor(apiKey));
    VersionCheck check = new VersionCheck(calls, versionCheck);
    CallRunner runner = new CallRunner(retryPolicy, defaultDeadline, callbackExecutor, check::maybeStart);
    return new QuiverClient(calls, owned, runner, check);
  }

  private ChannelCredentials credentials() {
    if (credentials != null) {
      return credentials;
    }
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    try {
      if (trustCertificates != null) {
        b.trustManager(trustCertificates.toFile());
      } else if (trustManagers != null) {
        b.trustManager(trustManagers);
      }
      if (clientCertificate != null) {
        b.keyManager(clientCertificate.toFile(), clientKey.toFile());
      } else if (keyManagers != null) {
        b.keyManager(keyManagers);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a TLS PEM file: " + e.getMessage(), e);
    }
    return b.build();
  }

  /** Wraps a JDK SSLContext for gRPC's Netty transport, with the ALPN protocol gRPC needs (h2). */
  private static JdkSslContext nettyContext(SSLContext context) {
    ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2);
    return new JdkSslContext(context, true, null, IdentityCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE, null, false);
  }
}
