package io.quiver.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed call: the gRPC status code, the server's message, and whether trying again may
 * help.
 *
 * <p>Every client method throws this (async methods complete exceptionally with it) in place
 * of gRPC's own {@link StatusRuntimeException}, which stays reachable as the cause, trailers
 * included. The common codes have their own subclasses, so they can be caught alone:
 * {@link NotFoundException}, {@link InvalidArgumentException}, {@link AlreadyExistsException},
 * {@link UnauthenticatedException}, {@link PermissionDeniedException},
 * {@link UnavailableException} and {@link ResourceExhaustedException}; other codes arrive as
 * a plain {@code QuiverException}. Immutable and thread-safe.
 */
public class QuiverException extends RuntimeException {

  /**
   * The trailer in which a server that sheds load says when to come back: a number of seconds
   * (a decimal fraction is allowed, e.g. {@code 0.25}), as in HTTP's {@code Retry-After}.
   */
  public static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

  private final Status.Code code;
  private final String serverMessage;
  private final Duration retryAfter;

  QuiverException(Status status, Duration retryAfter, Throwable cause) {
    super(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        cause);
    this.code = status.getCode();
    this.serverMessage = status.getDescription() == null ? "" : status.getDescription();
    this.retryAfter = retryAfter;
  }

  QuiverException(Status status, Throwable cause) {
    this(status, null, cause);
  }

  /** The exception of the right subclass for a status and its trailers. */
  static QuiverException of(Status status, Metadata trailers, Throwable cause) {
    Duration retryAfter = parseRetryAfter(trailers);
    return switch (status.getCode()) {
      case NOT_FOUND -> new NotFoundException(status, cause);
      case INVALID_ARGUMENT -> new InvalidArgumentException(status, cause);
      case ALREADY_EXISTS -> new AlreadyExistsException(status, cause);
      case UNAUTHENTICATED -> new UnauthenticatedException(status, cause);
      case PERMISSION_DENIED -> new PermissionDeniedException(status, cause);
      case UNAVAILABLE -> new UnavailableException(status, retryAfter, cause);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(status, retryAfter, cause);
      default -> new QuiverException(status, cause);
    };
  }

  /**
   * Translates gRPC's status exceptions into a {@code QuiverException}; anything else is
   * returned unchanged.
   */
  static Throwable translate(Throwable t) {
    if (t instanceof StatusRuntimeException e) {
      return of(e.getStatus(), e.getTrailers(), e);
    }
    if (t instanceof StatusException e) {
      return of(e.getStatus(), e.getTrailers(), e);
    }
    return t;
  }

  private static Duration parseRetryAfter(Metadata trailers) {
    String raw = trailers == null ? null : trailers.get(RETRY_AFTER);
    if (raw == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(raw.strip());
      if (!(seconds >= 0) || seconds > 86_400) {
        return null;
      }
      return Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException e) {
      return null; // an unreadable hint is no hint
    }
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
   * How long the server asked the client to wait before trying again (its
   * {@link #RETRY_AFTER} trailer), if it said.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Whether trying the same call again later may succeed: true for {@code UNAVAILABLE}
   * (server down, restarting or still loading) and for {@code RESOURCE_EXHAUSTED} when the
   * server sent a {@link #RETRY_AFTER} hint (it is shedding load). A
   * {@code RESOURCE_EXHAUSTED} without the hint, such as a message over gRPC's size limit,
   * would fail the same way again and is not retryable. The client retries retryable
   * failures itself for calls that are safe to repeat; see {@link RetryPolicy}.
   */
  public boolean isRetryable() {
    return code == Status.Code.UNAVAILABLE || (code == Status.Code.RESOURCE_EXHAUSTED && retryAfter != null);
  }
}
