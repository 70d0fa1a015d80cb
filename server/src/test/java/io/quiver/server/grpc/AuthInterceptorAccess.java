package io.quiver.server.grpc;

import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.ServerInfoGrpc;
import java.util.List;
import java.util.stream.Stream;

/** Test access to the interceptor's classification: which methods of the API count as reads. */
public final class AuthInterceptorAccess {
  private AuthInterceptorAccess() {}

  /** Every method of every Quiver service that a read-only key may call. */
  public static List<String> reads() {
    return Stream.of(CollectionsGrpc.getServiceDescriptor(), PointsGrpc.getServiceDescriptor(),
            SearchGrpc.getServiceDescriptor(), ServerInfoGrpc.getServiceDescriptor())
        .flatMap(d -> d.getMethods().stream())
        .map(m -> m.getFullMethodName())
        .filter(AuthInterceptor::isRead)
        .toList();
  }
}
