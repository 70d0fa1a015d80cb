package io.quiver.server.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request that cannot be parsed (garbage bytes, a truncated message, nesting past
 * protobuf's limit of 100) with INVALID_ARGUMENT instead of gRPC's default.
 *
 * <p>Why it is needed: grpc-java parses a request on the application thread, and a parse
 * failure escapes there, which it reports as UNKNOWN "Application error processing RPC" — a
 * status that says "server bug" for what is a client's mistake. Here the request marshaller
 * answers null for what it cannot parse, and a handler in front of the service closes such a
 * call with INVALID_ARGUMENT before the service sees it. Thread-safe (stateless).
 */
public final class ParseGuard {
  private ParseGuard() {}

  /** {@code service} with every method's requests parsed safely. */
  public static ServerServiceDefinition guard(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    List<MethodDescriptor<?, ?>> descriptors = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      ServerMethodDefinition<?, ?> guarded = guard(m);
      methods.add(guarded);
      descriptors.add(guarded.getMethodDescriptor());
    }
    ServiceDescriptor.Builder sd = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    descriptors.forEach(sd::addMethod);
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(sd.build());
    methods.forEach(out::addMethod);
    return out.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> guard(ServerMethodDefinition<ReqT, RespT> m) {
    MethodDescriptor<ReqT, RespT> method = m.getMethodDescriptor();
    MethodDescriptor.Marshaller<ReqT> parse = method.getRequestMarshaller();
    MethodDescriptor.Marshaller<ReqT> lenient = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(ReqT value) {
        return parse.stream(value);
      }

      @Override
      public ReqT parse(InputStream stream) {
        try {
          return parse.parse(stream);
        } catch (RuntimeException unparseable) {
          return null;
        }
      }
    };
    MethodDescriptor<ReqT, RespT> guardedMethod = method.toBuilder(lenient, method.getResponseMarshaller()).build();
    ServerCallHandler<ReqT, RespT> inner = m.getServerCallHandler();
    ServerCallHandler<ReqT, RespT> handler = (call, headers) -> new RejectUnparsed<>(call, inner.startCall(call, headers));
    return ServerMethodDefinition.create(guardedMethod, handler);
  }

  /** Forwards events to the service until a request that could not be parsed arrives. */
  private static final class RejectUnparsed<ReqT, RespT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private boolean rejected;

    RejectUnparsed(ServerCall<ReqT, RespT> call, ServerCall.Listener<ReqT> delegate) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(ReqT message) {
      if (rejected) {
        return;
      }
      if (message == null) {
        rejected = true;
        call.close(Status.INVALID_ARGUMENT.withDescription("request: not a valid "
            + call.getMethodDescriptor().getFullMethodName() + " message (malformed protobuf, or nested deeper "
            + "than protobuf's limit of 100)"), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!rejected) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!rejected) {
        super.onReady();
      }
    }

    @Override
    public void onCancel() {
      // The service learns of a cancel even after a rejection, so it can release anything.
      super.onCancel();
    }

    @Override
    public void onComplete() {
      super.onComplete();
    }
  }
}
