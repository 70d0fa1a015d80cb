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

  private Status failNext;
  private Duration delayNext;
  private Long lastDeadlineMillis;
  private CountDownLatch holdNext;

  synchronized void failNextCall(Status status) {
    this.failNext = status;
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
    Duration delay;
    CountDownLatch hold;
    synchronized (this) {
      Deadline deadline = Context.current().getDeadline();
      lastDeadlineMillis = deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS);
      failure = failNext;
      delay = delayNext;
      failNext = null;
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
      responses.onError(failure.asRuntimeException());
      return true;
    }
    return false;
  }
}
