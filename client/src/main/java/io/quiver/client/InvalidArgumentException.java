package io.quiver.client;

import io.grpc.Status;

/**
 * The server refused the request's content: {@link #serverMessage()} names the field and the limit (a wrong dimension, a non-finite component, a batch too large, a bad index spec). Nothing was changed.
 *
 * <p>Status code {@code INVALID_ARGUMENT}. Immutable and thread-safe.
 */
public final class InvalidArgumentException extends QuiverException {
  InvalidArgumentException(Status status, Throwable cause) {
    super(status, null, cause);
  }
}
