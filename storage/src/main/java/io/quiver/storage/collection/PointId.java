package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A point's identity: an unsigned 64-bit number or a string of 1..{@value #MAX_STRING_BYTES}
 * UTF-8 bytes. Ids are ordered numbers first (unsigned ascending), then strings by their
 * UTF-8 bytes — the same order as their stored keys, so a scroll over the store and a sort
 * in memory agree. Immutable and thread-safe.
 */
public sealed interface PointId extends Comparable<PointId> {
  /** The longest string id, in UTF-8 bytes. */
  int MAX_STRING_BYTES = 256;

  /** A numeric id; {@code value} is read as unsigned. */
  record Num(long value) implements PointId {
    @Override
    public String toString() {
      return Long.toUnsignedString(value);
    }
  }

  /** A string id. */
  record Str(String value) implements PointId {
    public Str {
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes == 0 || bytes > MAX_STRING_BYTES) {
        throw StorageException.invalid("id: string ids must be 1.." + MAX_STRING_BYTES
            + " UTF-8 bytes, got " + bytes);
      }
    }

    @Override
    public String toString() {
      return '"' + value + '"';
    }
  }

  /** A numeric id (unsigned). */
  static PointId of(long unsignedValue) {
    return new Num(unsignedValue);
  }

  /** A string id; throws {@link StorageException} when empty or longer than 256 bytes. */
  static PointId of(String value) {
    return new Str(value);
  }

  @Override
  default int compareTo(PointId other) {
    if (this instanceof Num a) {
      return other instanceof Num b ? Long.compareUnsigned(a.value(), b.value()) : -1;
    }
    if (other instanceof Num) {
      return 1;
    }
    return Arrays.compareUnsigned(
        ((Str) this).value().getBytes(StandardCharsets.UTF_8),
        ((Str) other).value().getBytes(StandardCharsets.UTF_8));
  }
}
