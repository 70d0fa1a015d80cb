package io.quiver.client;

import io.grpc.Status;

/**
 * The server requires an API key and none, or an unknown one, was sent; see {@link QuiverClientBuilder#apiKey}.
 *
 * <p>Status code {@code UNAUTHENTICATED}. Immutable and thread-safe.
 */
public final class UnauthenticatedException extends QuiverException {
  UnauthenticatedException(Status status, Throwable cause) {
    super(status, null, cause);
  }
}
