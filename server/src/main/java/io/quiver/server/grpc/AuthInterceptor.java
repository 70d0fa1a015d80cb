package io.quiver.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quiver.server.security.ApiKeys;
import java.util.Set;

/**
 * Checks the API key of every Quiver call: {@code authorization: Bearer <key>} or
 * {@code api-key: <key>}. A missing or unknown key gets UNAUTHENTICATED; a read-only key on a
 * write gets PERMISSION_DENIED. The standard health and reflection services are exempt, so
 * probes and tools like grpcurl's {@code list} keep working without a key.
 *
 * <p>Read methods are those that change nothing (see {@link #isRead}); every other method of
 * any other service, including ones added later, needs an admin key, so a new write can
 * never slip through as a read by omission. Keys never appear in a status message or a log
 * line. Installed inside {@link MonitoringInterceptor}, so rejected calls are still counted
 * and logged with their status. Thread-safe.
 */
public final class AuthInterceptor implements ServerInterceptor {

  /** The header {@code authorization: Bearer <key>}. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** The header {@code api-key: <key>}. */
  public static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> READ_METHODS = Set.of(
      "quiver.v1.Search/Search",
      "quiver.v1.Search/SearchBatch",
      "quiver.v1.Points/Get",
      "quiver.v1.Points/Scroll",
      "quiver.v1.Points/Count",
      "quiver.v1.Collections/Get",
      "quiver.v1.Collections/List",
      "quiver.v1.ServerInfo/Get");

  private final ApiKeys keys;

  public AuthInterceptor(ApiKeys keys) {
    this.keys = keys;
  }

  /** Whether a method is open to everyone (standard health and reflection services). */
  static boolean isExempt(String fullMethodName) {
    return fullMethodName.startsWith("grpc.health.v1.") || fullMethodName.startsWith("grpc.reflection.");
  }

  /** Whether a read-only key may call the method. */
  static boolean isRead(String fullMethodName) {
    return READ_METHODS.contains(fullMethodName);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (!keys.enabled() || isExempt(method)) {
      return next.startCall(call, headers);
    }
    String presented = ApiKeys.presentedKey(headers.get(AUTHORIZATION), headers.get(API_KEY));
    Status refusal;
    if (presented == null || presented.isEmpty()) {
      refusal = Status.UNAUTHENTICATED.withDescription(
          "no API key: send the header 'authorization: Bearer <key>' or 'api-key: <key>'");
    } else {
      ApiKeys.Role role = keys.roleOf(presented);
      if (role == null) {
        refusal = Status.UNAUTHENTICATED.withDescription("invalid API key");
      } else if (role == ApiKeys.Role.READ && !isRead(method)) {
        refusal = Status.PERMISSION_DENIED.withDescription(
            "the API key is read-only; " + method + " needs an admin key");
      } else {
        return next.startCall(call, headers);
      }
    }
    call.close(refusal, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
