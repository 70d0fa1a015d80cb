package io.quiver.client;

import io.grpc.Status;

/**
 * The collection named in the call does not exist.
 *
 * <p>Status code {@code NOT_FOUND}. Immutable and thread-safe.
 */
public final class NotFoundException extends QuiverException {
  NotFoundException(Status status, Throwable cause) {
    super(status, null, cause);
  }
}
