package io.quiver.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.quiver.client.Include;
import io.quiver.client.Metric;
import io.quiver.client.PermissionDeniedException;
import io.quiver.client.Point;
import io.quiver.client.PointId;
import io.quiver.client.QuiverClient;
import io.quiver.client.QuiverClientBuilder;
import io.quiver.client.RetryPolicy;
import io.quiver.client.SearchQuery;
import io.quiver.client.UnauthenticatedException;
import io.quiver.client.UnavailableException;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.server.support.Scrape;
import io.quiver.server.support.TestCertificates;
import io.quiver.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API keys and TLS on a real server: every RPC with no key, a wrong key, a read-only key and an
 * admin key, over plaintext (keys from the config, /metrics protected) and over TLS (keys from a
 * key file); plus mTLS, the {@code api-key} header, the open health service and the SSLContext
 * path of the client. One server per transport, shared by the matrix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthMatrixTest {
  static final String ADMIN = "admin-key-0123456789";
  static final String READER = "read-only-key-abcdef";
  static final String FIXED = "fixed";

  enum Transport { PLAIN, TLS }

  enum Key { NONE, WRONG, READ_ONLY, ADMIN }

  /** One RPC of the API, called through the SDK; {@code admin} prepares what the call needs. */
  record Rpc(String method, boolean read, Call call) {
    @Override
    public String toString() {
      return method;
    }
  }

  interface Call {
    void run(QuiverClient client, QuiverClient admin);
  }

  @TempDir static Path dir;

  private TestCertificates certs;
  private final Map<Transport, TestServer> servers = new EnumMap<>(Transport.class);
  private final Map<Transport, Map<Key, QuiverClient>> clients = new EnumMap<>(Transport.class);
  private static final AtomicInteger NAMES = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    certs = new TestCertificates(dir.resolve("certs"));
    servers.put(Transport.PLAIN, new TestServer(dir.resolve("plain"), Map.of(
        "security.api_keys", "other-admin, " + ADMIN,
        "security.read_only_api_keys", READER,
        "security.protect_http", "true")));
    Path keyFile = Files.writeString(dir.resolve("keys.txt"),
        "# Quiver API keys\nadmin:" + ADMIN + "\n\nread: " + READER + "\n");
    servers.put(Transport.TLS, new TestServer(dir.resolve("tls"), Map.of(
        "security.api_keys_file", keyFile.toString(),
        "security.tls_cert_file", certs.serverCert.toString(),
        "security.tls_key_file", certs.serverKey.toString())));
    for (Transport t : Transport.values()) {
      Map<Key, QuiverClient> byKey = new EnumMap<>(Key.class);
      for (Key k : Key.values()) {
        QuiverClientBuilder b = builder(t);
        switch (k) {
          case NONE -> { }
          case WRONG -> b.apiKey("admin-key-0123456788");
          case READ_ONLY -> b.apiKey(READER);
          case ADMIN -> b.apiKey(ADMIN);
        }
        byKey.put(k, b.build());
      }
      clients.put(t, byKey);
      QuiverClient admin = byKey.get(Key.ADMIN);
      admin.createCollection(FIXED, 4, Metric.COSINE);
      admin.upsert(FIXED, List.of(point(1), point(2), point(3)));
    }
  }

  private QuiverClientBuilder builder(Transport t) {
    QuiverClientBuilder b = QuiverClient.builder().retryPolicy(RetryPolicy.none()).versionCheck(false);
    if (t == Transport.PLAIN) {
      return b.target("127.0.0.1:" + servers.get(t).server.grpcPort());
    }
    return b.target("localhost:" + servers.get(t).server.grpcPort()).trustCertificates(certs.caCert);
  }

  @AfterAll
  void stop() throws Exception {
    clients.values().forEach(m -> m.values().forEach(QuiverClient::close));
    for (TestServer s : servers.values()) {
      s.close();
    }
  }

  static Point point(long id) {
    return Point.of(id, new float[] {1, (float) id, 0, 0}, Map.of("id", id));
  }

  static List<Rpc> rpcs() {
    float[] q = {1, 0, 0, 0};
    return List.of(
        new Rpc("Collections/Create", false, (c, a) -> c.createCollection("made_" + NAMES.incrementAndGet(), 4, Metric.L2)),
        new Rpc("Collections/Get", true, (c, a) -> c.getCollection(FIXED)),
        new Rpc("Collections/List", true, (c, a) -> c.listCollections()),
        new Rpc("Collections/Delete", false, (c, a) -> {
          String name = "doomed_" + NAMES.incrementAndGet();
          a.createCollection(name, 4, Metric.DOT);
          c.deleteCollection(name);
        }),
        new Rpc("Points/Upsert", false, (c, a) -> c.upsert(FIXED, List.of(point(4)))),
        new Rpc("Points/UpsertStream", false, (c, a) -> c.upsertStream(FIXED, List.of(point(5), point(6)), 1)),
        new Rpc("Points/Get", true, (c, a) -> c.getPoints(FIXED, List.of(PointId.ofNumber(1)))),
        new Rpc("Points/Delete", false, (c, a) -> c.deletePoints(FIXED, List.of(PointId.ofNumber(999)))),
        new Rpc("Points/Scroll", true, (c, a) -> c.scroll(FIXED, 2, null, Include.PAYLOAD)),
        new Rpc("Points/Count", true, (c, a) -> c.count(FIXED)),
        new Rpc("Search/Search", true, (c, a) -> c.search(FIXED, SearchQuery.of(q, 2))),
        new Rpc("Search/SearchBatch", true, (c, a) -> c.searchBatch(FIXED, List.of(SearchQuery.of(q, 1)))),
        new Rpc("ServerInfo/Get", true, (c, a) -> c.serverInfo()));
  }

  Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Transport t : Transport.values()) {
      for (Rpc rpc : rpcs()) {
        for (Key k : Key.values()) {
          out.add(Arguments.of(t, rpc, k));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} with {2} key")
  @MethodSource("matrix")
  void everyRpcChecksItsKey(Transport transport, Rpc rpc, Key key) {
    QuiverClient client = clients.get(transport).get(key);
    QuiverClient admin = clients.get(transport).get(Key.ADMIN);
    switch (key) {
      case NONE -> assertThatThrownBy(() -> rpc.call.run(client, admin))
          .isInstanceOfSatisfying(UnauthenticatedException.class, e -> {
            assertThat(e.serverMessage()).contains("no API key");
            assertThat(e.isRetryable()).isFalse();
          });
      case WRONG -> assertThatThrownBy(() -> rpc.call.run(client, admin))
          .isInstanceOfSatisfying(UnauthenticatedException.class, e -> {
            assertThat(e.serverMessage()).isEqualTo("invalid API key");
            assertThat(e.getMessage()).doesNotContain("admin-key");
          });
      case READ_ONLY -> {
        if (rpc.read) {
          assertThatCode(() -> rpc.call.run(client, admin)).doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> rpc.call.run(client, admin))
              .isInstanceOfSatisfying(PermissionDeniedException.class,
                  e -> assertThat(e.serverMessage()).contains("read-only").contains(rpc.method));
        }
      }
      case ADMIN -> assertThatCode(() -> rpc.call.run(client, admin)).doesNotThrowAnyException();
    }
  }

  @Test
  void healthAndReflectionStayOpenWithoutAKey() throws Exception {
    for (Transport t : Transport.values()) {
      ManagedChannel channel = t == Transport.PLAIN
          ? NettyChannelBuilder.forAddress("127.0.0.1", servers.get(t).server.grpcPort()).usePlaintext().build()
          : NettyChannelBuilder.forTarget("localhost:" + servers.get(t).server.grpcPort())
              .sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                  .trustManager(certs.caCert.toFile()).build()).build();
      try {
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theApiKeyHeaderWorksLikeTheBearerToken() throws Exception {
    TestServer s = servers.get(Transport.PLAIN);
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER), READER);
    long count = PointsGrpc.newBlockingStub(s.channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS).count(CountRequest.newBuilder().setCollection(FIXED).build()).getCount();
    assertThat(count).isGreaterThanOrEqualTo(3);
  }

  @Test
  void metricsNeedTheKeyWhenProtectedButProbesNeverDoAndRefusalsAreCounted() throws Exception {
    int port = servers.get(Transport.PLAIN).server.httpPort();
    assertThatThrownBy(() -> clients.get(Transport.PLAIN).get(Key.NONE).count(FIXED))
        .isInstanceOf(UnauthenticatedException.class);
    HttpClient http = HttpClient.newHttpClient();
    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    assertThat(http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    assertThat(http.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer nope").build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + READER).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new Scrape(ok.body()).value("quiver_grpc_requests_total",
        Map.of("method", "quiver.v1.Points/Count", "status", "UNAUTHENTICATED"))).isGreaterThanOrEqualTo(1);
    for (String probe : List.of("/livez", "/readyz")) {
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    // The TLS server leaves /metrics open (protect_http defaults to false).
    assertThat(Scrape.of(servers.get(Transport.TLS).server.httpPort()).text).contains("quiver_grpc_requests_total");
  }

  @Test
  void aClientThatDoesNotTrustTheServerOrSpeaksPlaintextCannotConnect() {
    int port = servers.get(Transport.TLS).server.grpcPort();
    try (QuiverClient plaintext = QuiverClient.builder().target("localhost:" + port).apiKey(ADMIN)
        .retryPolicy(RetryPolicy.none()).versionCheck(false).build();
        QuiverClient wrongCa = QuiverClient.builder().target("localhost:" + port).apiKey(ADMIN)
            .trustCertificates(certs.otherCaCert).retryPolicy(RetryPolicy.none()).versionCheck(false).build()) {
      assertThatThrownBy(() -> plaintext.count(FIXED)).isInstanceOf(UnavailableException.class);
      assertThatThrownBy(() -> wrongCa.count(FIXED)).isInstanceOf(UnavailableException.class);
    }
  }

  @Test
  void theClientAcceptsAnSslContext() throws Exception {
    int port = servers.get(Transport.TLS).server.grpcPort();
    try (QuiverClient client = QuiverClient.builder().target("localhost:" + port).apiKey(READER)
        .sslContext(certs.trustingSslContext()).build()) {
      assertThat(client.count(FIXED)).isGreaterThanOrEqualTo(3);
      assertThat(client.serverVersion().get(10, TimeUnit.SECONDS)).isPresent();
    }
  }

  @Test
  void mutualTlsRequiresAClientCertificateSignedByTheConfiguredCa() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("mtls"), Map.of(
        "security.tls_cert_file", certs.serverCert.toString(),
        "security.tls_key_file", certs.serverKey.toString(),
        "security.tls_client_ca_file", certs.caCert.toString()))) {
      String target = "localhost:" + s.server.grpcPort();
      try (QuiverClient anonymous = QuiverClient.builder().target(target).trustCertificates(certs.caCert)
          .retryPolicy(RetryPolicy.none()).versionCheck(false).build();
          QuiverClient withCert = QuiverClient.builder().target(target).trustCertificates(certs.caCert)
              .clientCertificate(certs.clientCert, certs.clientKey).build()) {
        assertThatThrownBy(anonymous::listCollections).isInstanceOf(UnavailableException.class);
        withCert.createCollection("m", 2, Metric.L2);
        assertThat(withCert.listCollections()).hasSize(1);
        assertThat(withCert.serverInfo().api()).isEqualTo("quiver.v1");
      }
    }
  }
}
