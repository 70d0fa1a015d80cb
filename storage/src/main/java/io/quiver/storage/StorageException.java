package io.quiver.storage;

/**
 * An error the engine reports to its caller, tagged with a {@link Reason} that the server
 * maps to a gRPC status. The message is meant for the user: it names the field and the
 * limit that was broken.
 */
public class StorageException extends RuntimeException {
  /** What kind of failure this is; each maps to one gRPC status code. */
  public enum Reason {
    /** The request itself is malformed (bad dimension, NaN, bad name...). */
    INVALID_ARGUMENT,
    /** A named collection does not exist. */
    NOT_FOUND,
    /** A collection with that name already exists. */
    ALREADY_EXISTS,
    /** The request is well-formed but the system is not in a state to run it. */
    FAILED_PRECONDITION,
    /** A size or count limit was exceeded. */
    RESOURCE_EXHAUSTED,
    /** The store cannot take writes or reads right now (closed, or a write failed). */
    UNAVAILABLE,
    /** Stored or uploaded data is damaged (a checksum does not match). */
    DATA_LOSS,
  }

  private final Reason reason;

  public StorageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StorageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The failure's kind. */
  public Reason reason() {
    return reason;
  }

  /** Shorthand for an {@link Reason#INVALID_ARGUMENT} error. */
  public static StorageException invalid(String message) {
    return new StorageException(Reason.INVALID_ARGUMENT, message);
  }

  /** Shorthand for a {@link Reason#NOT_FOUND} error. */
  public static StorageException notFound(String message) {
    return new StorageException(Reason.NOT_FOUND, message);
  }

  /** Shorthand for a {@link Reason#FAILED_PRECONDITION} error. */
  public static StorageException failedPrecondition(String message) {
    return new StorageException(Reason.FAILED_PRECONDITION, message);
  }
}
