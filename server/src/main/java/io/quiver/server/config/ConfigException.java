package io.quiver.server.config;

/** A configuration problem; the message names the key and what was wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
