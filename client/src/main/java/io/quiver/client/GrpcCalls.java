package io.quiver.client;

import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for the SDK's futures the way a blocking call would. Stateless, thread-safe. */
final class GrpcCalls {

  private GrpcCalls() {}

  /**
   * Waits for a future the way a blocking stub would: its own exceptions unwrapped, and an
   * interrupt cancels the call and surfaces as {@code CANCELLED} with the flag kept set.
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new QuiverException(Status.CANCELLED.withDescription("interrupted while waiting for the server"), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    }
  }
}
