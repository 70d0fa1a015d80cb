package io.quiver.server.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.server.QuiverServer;
import io.quiver.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real server on loopback with ephemeral ports and a channel to it. Close after use. */
public final class TestServer implements AutoCloseable {
  public final QuiverServer server;
  public final ManagedChannel channel;

  public TestServer(Path dataDir, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("storage.data_dir", dataDir.toString());
    overrides.put("server.host", "127.0.0.1");
    overrides.put("server.grpc_port", "0");
    overrides.put("server.http_port", "0");
    overrides.put("server.shutdown_grace_seconds", "5");
    overrides.putAll(extra);
    server = QuiverServer.start(ServerConfig.load(null, Map.of(), overrides));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
  }

  public TestServer(Path dataDir) {
    this(dataDir, Map.of());
  }

  public CollectionsGrpc.CollectionsBlockingStub collections() {
    return CollectionsGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public PointsGrpc.PointsBlockingStub points() {
    return PointsGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public SearchGrpc.SearchBlockingStub search() {
    return SearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
