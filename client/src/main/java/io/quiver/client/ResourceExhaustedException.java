package io.quiver.client;

import io.grpc.Status;
import java.time.Duration;

/**
 * The server is overloaded, or a message exceeded a size limit. {@linkplain #isRetryable() Retryable} only when the server sent a {@link #retryAfter() retry-after} hint.
 *
 * <p>Status code {@code RESOURCE_EXHAUSTED}. Immutable and thread-safe.
 */
public final class ResourceExhaustedException extends QuiverException {
  ResourceExhaustedException(Status status, Throwable cause) {
    super(status, null, cause);
  }

  ResourceExhaustedException(Status status, Duration retryAfter, Throwable cause) {
    super(status, retryAfter, cause);
  }
}
