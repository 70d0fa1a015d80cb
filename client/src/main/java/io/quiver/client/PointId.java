package io.quiver.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A point's identity: an unsigned 64-bit number or a non-empty string.
 *
 * <p>Numbers are unsigned on the wire, so a Java {@code long} is read as unsigned:
 * {@code PointId.ofNumber(-1)} is 18446744073709551615, and {@link #toString()} prints it so.
 * Ids sort as the server sorts them (numbers first, ascending unsigned; then strings, bytewise
 * by UTF-8), which is the order {@link QuiverClient#scroll} pages in.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface PointId extends Comparable<PointId> permits PointId.Num, PointId.Str {

  /** A numeric id; {@code value} holds the unsigned 64-bit number in a {@code long}'s bits. */
  record Num(long value) implements PointId {
    /** The id as a decimal unsigned number. */
    @Override
    public String toString() {
      return Long.toUnsignedString(value);
    }
  }

  /** A string id of 1..256 UTF-8 bytes (the upper bound is checked by the server). */
  record Str(String value) implements PointId {
    /**
     * Creates a string id.
     *
     * @throws IllegalArgumentException if {@code value} is empty
     */
    public Str {
      Objects.requireNonNull(value, "value");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("a string point id must not be empty");
      }
    }

    /** The string itself. */
    @Override
    public String toString() {
      return value;
    }
  }

  /** A numeric id; negative values stand for numbers above {@link Long#MAX_VALUE}. */
  static PointId ofNumber(long unsignedValue) {
    return new Num(unsignedValue);
  }

  /**
   * A string id.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  static PointId ofString(String value) {
    return new Str(value);
  }

  /** A string id holding the UUID's canonical text form. */
  static PointId ofUuid(UUID uuid) {
    return new Str(uuid.toString());
  }

  /** Whether this is a numeric id. */
  default boolean isNumber() {
    return this instanceof Num;
  }

  /**
   * The numeric id's bits, to be read as unsigned.
   *
   * @throws IllegalStateException if this is a string id
   */
  default long number() {
    if (this instanceof Num(long value)) {
      return value;
    }
    throw new IllegalStateException("point id '" + this + "' is a string, not a number");
  }

  /**
   * The string id.
   *
   * @throws IllegalStateException if this is a numeric id
   */
  default String string() {
    if (this instanceof Str(String value)) {
      return value;
    }
    throw new IllegalStateException("point id " + this + " is a number, not a string");
  }

  /** Server order: numbers first (unsigned ascending), then strings (bytewise UTF-8). */
  @Override
  default int compareTo(PointId other) {
    return switch (this) {
      case Num(long a) -> other instanceof Num(long b) ? Long.compareUnsigned(a, b) : -1;
      case Str(String a) -> other instanceof Str(String b)
          ? Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))
          : 1;
    };
  }
}
