package io.quiver.server.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary call body and sends its value or its mapped error. Thread-safe (stateless). */
final class Calls {
  private Calls() {}

  static <T> void unary(String method, StreamObserver<T> observer, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (Throwable t) {
      observer.onError(StatusMapper.toStatus(t, method));
      return;
    }
    observer.onNext(reply);
    observer.onCompleted();
  }
}
