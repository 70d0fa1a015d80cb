package io.quiver.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs calls and turns gRPC's failures and futures into the SDK's. Stateless, thread-safe. */
final class GrpcCalls {

  private GrpcCalls() {}

  /** Runs a blocking stub call, rethrowing gRPC's status exception as {@link QuiverException}. */
  static <T> T blocking(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw (QuiverException) QuiverException.translate(e);
    }
  }

  /**
   * Adapts a gRPC future, converting its value with {@code convert} on {@code executor}.
   * Cancelling the returned future cancels the call.
   */
  static <T, R> CompletableFuture<R> toCompletable(
      ListenableFuture<T> call, Function<? super T, ? extends R> convert, Executor executor) {
    CompletableFuture<R> result = new CompletableFuture<>();
    result.whenComplete((value, failure) -> {
      if (result.isCancelled()) {
        call.cancel(true);
      }
    });
    call.addListener(() -> {
      try {
        result.complete(convert.apply(call.get()));
      } catch (ExecutionException e) {
        result.completeExceptionally(QuiverException.translate(e.getCause()));
      } catch (CancellationException e) {
        result.cancel(false);
      } catch (InterruptedException e) {
        // Cannot block: the listener runs only once the call is done.
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }, executor);
    return result;
  }

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
