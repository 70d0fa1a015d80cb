package io.quiver.server.grpc;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lets the gRPC port open (with health reporting NOT_SERVING) before the collections are
 * loaded: installed as the server's fallback registry, it answers every method of Quiver's
 * services with UNAVAILABLE until {@link #open} hands it the real services, and serves them
 * from then on. Other method names get the usual UNIMPLEMENTED. Thread-safe.
 */
public final class StartupGate extends HandlerRegistry {
  private final Set<String> gatedMethods = new HashSet<>();
  private volatile Map<String, ServerMethodDefinition<?, ?>> methods;
  private volatile List<ServerServiceDefinition> services = List.of();

  /** Gates every method of {@code descriptors}. */
  public StartupGate(List<ServiceDescriptor> descriptors) {
    for (ServiceDescriptor d : descriptors) {
      for (MethodDescriptor<?, ?> m : d.getMethods()) {
        gatedMethods.add(m.getFullMethodName());
      }
    }
  }

  /** Starts serving {@code ready}; calls from now on reach them. */
  public void open(List<ServerServiceDefinition> ready) {
    Map<String, ServerMethodDefinition<?, ?>> byName = new HashMap<>();
    for (ServerServiceDefinition s : ready) {
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        byName.put(m.getMethodDescriptor().getFullMethodName(), m);
      }
    }
    services = List.copyOf(ready);
    methods = Map.copyOf(byName);
  }

  @Override
  public List<ServerServiceDefinition> getServices() {
    return services;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    Map<String, ServerMethodDefinition<?, ?>> open = methods;
    if (open != null) {
      return open.get(methodName);
    }
    return gatedMethods.contains(methodName) ? unavailable(methodName) : null;
  }

  private static ServerMethodDefinition<InputStream, InputStream> unavailable(String methodName) {
    MethodDescriptor<InputStream, InputStream> descriptor = MethodDescriptor.<InputStream, InputStream>newBuilder()
        .setType(MethodDescriptor.MethodType.UNKNOWN)
        .setFullMethodName(methodName)
        .setRequestMarshaller(RAW)
        .setResponseMarshaller(RAW)
        .build();
    return ServerMethodDefinition.create(descriptor, (ServerCall<InputStream, InputStream> call, Metadata headers) -> {
      call.close(Status.UNAVAILABLE.withDescription(
          "Quiver is loading its collections; retry when the health service reports SERVING"), new Metadata());
      return new ServerCall.Listener<>() {};
    });
  }

  private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream == null ? new ByteArrayInputStream(new byte[0]) : stream;
    }
  };
}
