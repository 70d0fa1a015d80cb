package io.quiver.client;

import io.grpc.Status;

/**
 * A collection with that name exists already.
 *
 * <p>Status code {@code ALREADY_EXISTS}. Immutable and thread-safe.
 */
public final class AlreadyExistsException extends QuiverException {
  AlreadyExistsException(Status status, Throwable cause) {
    super(status, null, cause);
  }
}
