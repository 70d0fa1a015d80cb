package io.quiver.server.grpc;

import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.GetServerInfoRequest;
import io.quiver.proto.v1.GetServerInfoResponse;
import io.quiver.proto.v1.ServerInfoGrpc;
import io.quiver.server.metrics.BuildInfo;

/**
 * {@code quiver.v1.ServerInfo}: the server's version, for the clients' version check. Needs no
 * engine, so it is served from the start, not behind the start-up gate. Thread-safe.
 */
public final class ServerInfoService extends ServerInfoGrpc.ServerInfoImplBase {

  private final GetServerInfoResponse info;

  public ServerInfoService(BuildInfo build) {
    this.info = GetServerInfoResponse.newBuilder()
        .setVersion(build.version())
        .setApi("quiver.v1")
        .addIndexTypes("FLAT")
        .addIndexTypes("HNSW")
        .build();
  }

  @Override
  public void get(GetServerInfoRequest request, StreamObserver<GetServerInfoResponse> responses) {
    responses.onNext(info);
    responses.onCompleted();
  }
}
