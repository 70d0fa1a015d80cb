package io.quiver.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs one logical call of the client: sets its deadline once, makes the attempts its
 * {@link RetryPolicy} allows within that deadline, and turns gRPC's failures into
 * {@link QuiverException}s. Immutable and thread-safe.
 */
final class CallRunner {

  private final RetryPolicy policy;
  private final Duration deadline;
  private final Executor callbackExecutor;
  private final Runnable beforeEachCall;

  CallRunner(RetryPolicy policy, Duration deadline, Executor callbackExecutor, Runnable beforeEachCall) {
    this.policy = policy;
    this.deadline = deadline;
    this.callbackExecutor = callbackExecutor;
    this.beforeEachCall = beforeEachCall;
  }

  CallRunner withDeadline(Duration newDeadline) {
    return new CallRunner(policy, newDeadline, callbackExecutor, beforeEachCall);
  }

  Duration deadline() {
    return deadline;
  }

  Executor callbackExecutor() {
    return callbackExecutor;
  }

  /** A deadline counted from now, for a call that manages its own stub. */
  Deadline newDeadline() {
    beforeEachCall.run();
    return Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs a blocking call, retrying it when {@code idempotent} and the failure allows.
   *
   * @param attempt makes one attempt with the call's deadline
   */
  <T> T blocking(boolean idempotent, Function<Deadline, T> attempt) {
    Deadline d = newDeadline();
    for (int n = 1; ; n++) {
      try {
        return attempt.apply(d);
      } catch (StatusRuntimeException e) {
        QuiverException failure = (QuiverException) QuiverException.translate(e);
        Duration wait = idempotent ? policy.delayAfter(failure, n) : null;
        if (wait == null || wait.toNanos() >= d.timeRemaining(TimeUnit.NANOSECONDS)) {
          throw failure;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new QuiverException(Status.CANCELLED.withDescription("interrupted while waiting to retry"), ie);
        }
      }
    }
  }

  /**
   * Runs an async call, retrying like {@link #blocking}; the value is converted with
   * {@code convert} and the future completed on the callback executor. Cancelling the
   * returned future cancels the attempt in flight and any retry still to come.
   */
  <T, R> CompletableFuture<R> async(boolean idempotent, Function<Deadline, ListenableFuture<T>> attempt,
      Function<? super T, ? extends R> convert) {
    Deadline d = newDeadline();
    CompletableFuture<R> result = new CompletableFuture<>();
    AtomicReference<Future<?>> current = new AtomicReference<>();
    result.whenComplete((value, failure) -> {
      Future<?> call = current.get();
      if (result.isCancelled() && call != null) {
        call.cancel(true);
      }
    });
    new AsyncAttempt<>(idempotent, attempt, convert, d, result, current).start(1);
    return result;
  }

  private final class AsyncAttempt<T, R> {
    private final boolean idempotent;
    private final Function<Deadline, ListenableFuture<T>> attempt;
    private final Function<? super T, ? extends R> convert;
    private final Deadline deadline;
    private final CompletableFuture<R> result;
    private final AtomicReference<Future<?>> current;

    AsyncAttempt(boolean idempotent, Function<Deadline, ListenableFuture<T>> attempt,
        Function<? super T, ? extends R> convert, Deadline deadline, CompletableFuture<R> result,
        AtomicReference<Future<?>> current) {
      this.idempotent = idempotent;
      this.attempt = attempt;
      this.convert = convert;
      this.deadline = deadline;
      this.result = result;
      this.current = current;
    }

    void start(int n) {
      if (result.isDone()) {
        return;
      }
      ListenableFuture<T> call;
      try {
        call = attempt.apply(deadline);
      } catch (RuntimeException e) {
        result.completeExceptionally(QuiverException.translate(e));
        return;
      }
      current.set(call);
      if (result.isCancelled()) {
        call.cancel(true);
      }
      call.addListener(() -> finish(call, n), callbackExecutor);
    }

    private void finish(ListenableFuture<T> call, int n) {
      try {
        result.complete(convert.apply(call.get()));
      } catch (ExecutionException e) {
        Throwable cause = QuiverException.translate(e.getCause());
        if (cause instanceof QuiverException failure && idempotent) {
          Duration wait = policy.delayAfter(failure, n);
          if (wait != null && wait.toNanos() < deadline.timeRemaining(TimeUnit.NANOSECONDS)) {
            CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(() -> start(n + 1));
            return;
          }
        }
        result.completeExceptionally(cause);
      } catch (CancellationException e) {
        result.cancel(false);
      } catch (InterruptedException e) {
        // Cannot block: the listener runs only once the call is done.
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }
  }
}
