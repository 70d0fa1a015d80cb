package io.quiver.client;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Behaviour shared by the fake services: an injected failure or delay for the next call, and
 * the deadline the last call arrived with. Thread-safe.
 */
final class FakeControl {

  private final java.util.ArrayDeque<Status> failures = new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<io.grpc.Metadata> failureTrailers = new java.util.ArrayDeque<>();
  private int calls;
  private io.grpc.Metadata lastHeaders;
  private Duration delayNext;
  private Long lastDeadlineMillis;
  private CountDownLatch holdNext;

  synchronized void failNextCall(Status status) {
    failNextCalls(1, status, new io.grpc.Metadata());
  }

  /** Fails the next {@code n} calls with {@code status} and these trailers. */
  synchronized void failNextCalls(int n, Status status, io.grpc.Metadata trailers) {
    for (int i = 0; i < n; i++) {
      failures.add(status);
      failureTrailers.add(trailers);
    }
  }

  /** Calls the fake services have seen (attempts, so retries count). */
  synchronized int calls() {
    return calls;
  }

  synchronized void headers(io.grpc.Metadata headers) {
    lastHeaders = headers;
  }

  /** The request headers of the last call. */
  synchronized io.grpc.Metadata lastHeaders() {
    return lastHeaders;
  }

  synchronized void delayNextCall(Duration delay) {
    this.delayNext = delay;
  }

  /**
   * Leaves the next call unanswered, open until the client cancels it or its deadline
   * passes; the returned latch opens when the server sees the cancellation.
   */
  synchronized CountDownLatch holdNextCall() {
    holdNext = new CountDownLatch(1);
    return holdNext;
  }

  /** Remaining time of the last call's deadline as it arrived, or null if it had none. */
  synchronized Long lastDeadlineMillis() {
    return lastDeadlineMillis;
  }

  /**
   * Called first by every fake method. Returns true when the call has been dealt with (failed
   * or abandoned after its deadline) and the fake must not reply.
   */
  boolean intercept(StreamObserver<?> responses) {
    Status failure;
    io.grpc.Metadata trailers;
    Duration delay;
    CountDownLatch hold;
    synchronized (this) {
      Deadline deadline = Context.current().getDeadline();
      lastDeadlineMillis = deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS);
      calls++;
      failure = failures.poll();
      trailers = failureTrailers.poll();
      delay = delayNext;
      delayNext = null;
      hold = holdNext;
      holdNext = null;
    }
    if (hold != null) {
      ((ServerCallStreamObserver<?>) responses).setOnCancelHandler(hold::countDown);
      return true;
    }
    if (delay != null) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (Context.current().isCancelled()) {
        return true; // the client gave up; replying now would throw
      }
    }
    if (failure != null) {
      responses.onError(failure.asRuntimeException(trailers));
      return true;
    }
    return false;
  }
}
