package io.quiver.client;

import io.grpc.Status;
import java.time.Duration;

/**
 * The server could not be reached, is restarting, or is still loading its collections. Always {@linkplain #isRetryable() retryable}; the client has already retried as far as its {@link RetryPolicy} and the deadline allowed.
 *
 * <p>Status code {@code UNAVAILABLE}. Immutable and thread-safe.
 */
public final class UnavailableException extends QuiverException {
  UnavailableException(Status status, Throwable cause) {
    super(status, null, cause);
  }

  UnavailableException(Status status, Duration retryAfter, Throwable cause) {
    super(status, retryAfter, cause);
  }
}
