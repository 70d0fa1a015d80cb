package io.quiver.client;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * A failed call: the gRPC status code and the description that came with it.
 *
 * <p>Every client method throws this (async methods complete exceptionally with it) in place
 * of gRPC's own {@link StatusRuntimeException}, which stays reachable as the cause, trailers
 * included. Immutable and thread-safe.
 */
public final class QuiverException extends RuntimeException {

  private final Status.Code code;
  private final String serverMessage;

  /** Wraps a gRPC status with its cause. */
  QuiverException(Status status, Throwable cause) {
    super(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        cause);
    this.code = status.getCode();
    this.serverMessage = status.getDescription() == null ? "" : status.getDescription();
  }

  /**
   * Translates gRPC's status exceptions into a {@code QuiverException}; anything else is
   * returned unchanged.
   */
  static Throwable translate(Throwable t) {
    if (t instanceof StatusRuntimeException e) {
      return new QuiverException(e.getStatus(), e);
    }
    if (t instanceof StatusException e) {
      return new QuiverException(e.getStatus(), e);
    }
    return t;
  }

  /** The gRPC status code, e.g. {@code NOT_FOUND} or {@code INVALID_ARGUMENT}. */
  public Status.Code code() {
    return code;
  }

  /**
   * The status description, usually the server's message naming the field and the limit.
   * For statuses gRPC raises on the client side (a deadline that passed, an unreachable
   * server) it is gRPC's own text. Empty when there is none.
   */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * Whether trying the same call again later may succeed: true for {@code UNAVAILABLE}
   * (server down or restarting) and {@code RESOURCE_EXHAUSTED} (overloaded or over a
   * quota). Writes are idempotent upserts, so retrying them is safe.
   */
  public boolean isRetryable() {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED;
  }
}
