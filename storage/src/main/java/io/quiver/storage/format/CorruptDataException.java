package io.quiver.storage.format;

/** Stored bytes that cannot be decoded: a truncated record, an unknown version or tag. */
public final class CorruptDataException extends RuntimeException {
  public CorruptDataException(String message) {
    super(message);
  }
}
