package io.quiver.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds {@code authorization: Bearer <key>} to every call. Immutable and thread-safe. */
final class ApiKeyInterceptor implements ClientInterceptor {

  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String headerValue;

  ApiKeyInterceptor(String apiKey) {
    this.headerValue = "Bearer " + apiKey;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions callOptions, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
      @Override
      public void start(Listener<RespT> responseListener, Metadata headers) {
        headers.put(AUTHORIZATION, headerValue);
        super.start(responseListener, headers);
      }
    };
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "ApiKeyInterceptor[authorization: Bearer ***]";
  }
}
