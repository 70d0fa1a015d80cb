package io.quiver.client;

import io.grpc.Status;

/**
 * The API key is valid but may not do this, e.g. a read-only key on a write.
 *
 * <p>Status code {@code PERMISSION_DENIED}. Immutable and thread-safe.
 */
public final class PermissionDeniedException extends QuiverException {
  PermissionDeniedException(Status status, Throwable cause) {
    super(status, null, cause);
  }
}
