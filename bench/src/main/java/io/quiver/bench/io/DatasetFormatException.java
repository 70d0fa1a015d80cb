package io.quiver.bench.io;

/**
 * A dataset file is missing, malformed or truncated. The message names the file and, where
 * it applies, the byte offset or line, so that the user can find the damage. Unchecked: the
 * runner reports it and exits; nothing can recover from a bad input file.
 */
public final class DatasetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that already names the file. */
  public DatasetFormatException(String message) {
    super(message);
  }

  /** Creates an exception with a message that already names the file, and its cause. */
  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
