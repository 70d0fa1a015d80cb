package io.quiver.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The three fake services behind an in-process gRPC server, and a channel to it. Closing it
 * stops both. Thread-safe.
 */
final class FakeQuiverServer implements AutoCloseable {

  final FakeControl control = new FakeControl();
  final FakeCollectionsService collections = new FakeCollectionsService(control);
  final FakePointsService points = new FakePointsService(collections, control);
  final FakeSearchService search = new FakeSearchService(points, control);
  final ManagedChannel channel;
  private final Server server;

  FakeQuiverServer() {
    String name = InProcessServerBuilder.generateName();
    try {
      server = InProcessServerBuilder.forName(name)
          .directExecutor()
          .addService(collections)
          .addService(points)
          .addService(search)
          .intercept(new io.grpc.ServerInterceptor() {
            @Override
            public <ReqT, RespT> io.grpc.ServerCall.Listener<ReqT> interceptCall(io.grpc.ServerCall<ReqT, RespT> call,
                io.grpc.Metadata headers, io.grpc.ServerCallHandler<ReqT, RespT> next) {
              control.headers(headers);
              return next.startCall(call, headers);
            }
          })
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).build();
  }

  /** A builder over this server's channel. */
  QuiverClientBuilder builder() {
    return QuiverClient.builder().channel(channel);
  }

  /** A client over this server's channel with the default deadline. */
  QuiverClient client() {
    return QuiverClient.builder().channel(channel).build();
  }

  /** A client over this server's channel with the given deadline. */
  QuiverClient client(Duration deadline) {
    return QuiverClient.builder().channel(channel).defaultDeadline(deadline).build();
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
