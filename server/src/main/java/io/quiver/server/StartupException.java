package io.quiver.server;

/** The server cannot start; the message is the one line shown to the operator. */
public final class StartupException extends RuntimeException {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
