package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.GetServerInfoRequest;
import io.quiver.proto.v1.GetServerInfoResponse;
import io.quiver.proto.v1.ServerInfoGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** API key header, the version check, and the builder's checks. */
class ClientOptionsTest {

  @Test
  void theApiKeyTravelsAsABearerTokenOnEveryCall() {
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      QuiverClient client = server.builder().apiKey("s3cret-key").versionCheck(false).build();
      client.listCollections();
      assertThat(server.control.lastHeaders().get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
          .isEqualTo("Bearer s3cret-key");
      client.raw().collections().list(io.quiver.proto.v1.ListCollectionsRequest.getDefaultInstance());
      assertThat(server.control.lastHeaders().get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
          .isEqualTo("Bearer s3cret-key");
    }
    assertThatThrownBy(() -> QuiverClient.builder().apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuiverClient.builder().apiKey("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServerOfAnotherMajorMinorVersionGetsOneWarning() throws Exception {
    String name = InProcessServerBuilder.generateName();
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (records) {
          records.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger jul = Logger.getLogger("io.quiver.client");
    jul.addHandler(handler);
    int[] asked = {0};
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new ServerInfoGrpc.ServerInfoImplBase() {
          @Override
          public void get(GetServerInfoRequest request, StreamObserver<GetServerInfoResponse> responses) {
            asked[0]++;
            responses.onNext(GetServerInfoResponse.newBuilder().setVersion("97.3.0").setApi("quiver.v1").build());
            responses.onCompleted();
          }
        }).build().start();
    var channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try (QuiverClient client = QuiverClient.builder().channel(channel).build()) {
      assertThat(client.serverInfo().version()).isEqualTo("97.3.0");
      assertThat(client.serverVersion().get(5, TimeUnit.SECONDS)).contains("97.3.0");
      client.serverInfo();
      client.withDeadline(java.time.Duration.ofSeconds(3)).serverInfo();
      assertThat(asked[0]).isEqualTo(4); // three calls and one check
      synchronized (records) {
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
            .satisfies(r -> assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                .contains("97.3.0").contains(QuiverClient.version()));
      }
    } finally {
      jul.removeHandler(handler);
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void versionsAreComparedByMajorAndMinor() {
    assertThat(ClientVersion.compatible("0.1.0-SNAPSHOT", "0.1.7")).isTrue();
    assertThat(ClientVersion.compatible("0.1.0", "0.2.0")).isFalse();
    assertThat(ClientVersion.compatible("1.0.0", "2.0.0")).isFalse();
    assertThat(ClientVersion.compatible("unknown", "2.0.0")).isTrue();
    assertThat(QuiverClient.version()).matches("\\d+\\.\\d+.*");
    assertThat(ClientVersion.defaultUserAgent()).startsWith("quiver-java/" + QuiverClient.version() + " java/");
  }

  @Test
  void aServerWithoutServerInfoIsLeftAlone() throws Exception {
    try (FakeQuiverServer server = new FakeQuiverServer()) {
      QuiverClient client = server.client();
      client.listCollections();
      assertThat(client.serverVersion().get(5, TimeUnit.SECONDS)).isEqualTo(Optional.empty());
      assertThat(server.builder().versionCheck(false).build().serverVersion().get()).isEmpty();
    }
  }

  @Test
  void aChannelTheClientCreatesSendsTheUserAgentAndTheKey() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Metadata> seen = new java.util.concurrent.atomic.AtomicReference<>();
    Server server = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
        .forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
        .addService(io.grpc.ServerInterceptors.intercept(new ServerInfoGrpc.ServerInfoImplBase() {
          @Override
          public void get(GetServerInfoRequest request, StreamObserver<GetServerInfoResponse> responses) {
            responses.onNext(GetServerInfoResponse.newBuilder().setVersion(QuiverClient.version()).build());
            responses.onCompleted();
          }
        }, new io.grpc.ServerInterceptor() {
          @Override
          public <ReqT, RespT> io.grpc.ServerCall.Listener<ReqT> interceptCall(io.grpc.ServerCall<ReqT, RespT> call,
              Metadata headers, io.grpc.ServerCallHandler<ReqT, RespT> next) {
            seen.set(headers);
            return next.startCall(call, headers);
          }
        })).build().start();
    try (QuiverClient client = QuiverClient.builder().target("127.0.0.1:" + server.getPort())
        .userAgent("my-app/2").apiKey("k1").versionCheck(false).build()) {
      client.serverInfo();
      String ua = seen.get().get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER));
      assertThat(ua).startsWith("my-app/2 quiver-java/" + QuiverClient.version() + " java/" + System.getProperty("java.version"));
      assertThat(seen.get().get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("Bearer k1");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
