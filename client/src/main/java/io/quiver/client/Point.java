package io.quiver.client;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point: an id, a dense vector and a payload of named values.
 *
 * <p>Payload values are plain Java: {@code String}; {@code Long}, {@code Integer}, {@code Short}
 * or {@code Byte} (sent as a 64-bit integer, read back as {@code Long}); {@code Double} or
 * {@code Float} (sent as a double, read back as {@code Double}); {@code Boolean};
 * {@code List<?>} and {@code Map<String, ?>} of these, nested to any depth; and {@code null}.
 * Anything else is rejected with an {@link IllegalArgumentException} when the point is sent.
 * {@link Payload#from} turns records and plain objects into payloads; {@link Payload} offers
 * typed accessors ({@code getString}, {@code getLong}, ...) and {@link Payload#as} converts back.
 *
 * <p>The vector is copied on the way in and on the way out, so a {@code Point} is immutable
 * and thread-safe (as long as the nested lists and maps in its payload are not changed).
 * Points read from the server without their vector have {@code vector() == null}.
 *
 * @param id the point's identity
 * @param vector the vector, or {@code null} when a read did not ask for it
 * @param payload field name to value; empty when there is none or a read did not ask for it
 */
public record Point(PointId id, float[] vector, Payload payload) {

  /** Copies the vector; a {@code null} payload becomes empty. */
  public Point {
    Objects.requireNonNull(id, "id");
    vector = vector == null ? null : vector.clone();
    payload = payload == null ? Payload.empty() : payload;
  }

  /** A point whose payload is a copy of the map (which may hold {@code null} values). */
  public Point(PointId id, float[] vector, Map<String, ?> payload) {
    this(id, vector, Payload.of(payload));
  }

  /** A point without payload. */
  public static Point of(PointId id, float[] vector) {
    return new Point(id, vector, Payload.empty());
  }

  /** A point with a payload; the map may hold {@code null} values. */
  public static Point of(PointId id, float[] vector, Map<String, ?> payload) {
    return new Point(id, vector, Payload.of(payload));
  }

  /**
   * A point whose vector is given as a list of numbers (e.g. {@code List<Float>} or
   * {@code List<Double>} from an embedding library), converted to {@code float}.
   *
   * @throws NullPointerException if the list or an element is null
   */
  public static Point of(PointId id, List<? extends Number> vector, Map<String, ?> payload) {
    return new Point(id, toFloats(vector), Payload.of(payload));
  }

  /** {@link #of(PointId, List, Map)} with a numeric id. */
  public static Point of(long id, List<? extends Number> vector, Map<String, ?> payload) {
    return of(PointId.ofNumber(id), vector, payload);
  }

  /** {@link #of(PointId, List, Map)} with a string id. */
  public static Point of(String id, List<? extends Number> vector, Map<String, ?> payload) {
    return of(PointId.ofString(id), vector, payload);
  }

  /** A {@code float[]} of the list's values; shared by the builders that take lists. */
  static float[] toFloats(List<? extends Number> values) {
    Objects.requireNonNull(values, "vector");
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Objects.requireNonNull(values.get(i), "vector component").floatValue();
    }
    return out;
  }

  /** A point with a numeric id (read as unsigned) and a payload. */
  public static Point of(long id, float[] vector, Map<String, ?> payload) {
    return of(PointId.ofNumber(id), vector, payload);
  }

  /** A point with a string id and a payload. */
  public static Point of(String id, float[] vector, Map<String, ?> payload) {
    return of(PointId.ofString(id), vector, payload);
  }

  /** A copy of the vector, or {@code null} when the read did not return it. */
  @Override
  public float[] vector() {
    return vector == null ? null : vector.clone();
  }

  /** Whether this point carries its vector. */
  public boolean hasVector() {
    return vector != null;
  }

  /** The vector without a copy, for the conversions; never modified there. */
  float[] vectorNoCopy() {
    return vector;
  }

  /** Equal when id, vector contents and payload are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Point p
        && id.equals(p.id)
        && Arrays.equals(vector, p.vector)
        && payload.equals(p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(vector), payload);
  }

  @Override
  public String toString() {
    return "Point[id=" + id + ", vector=" + Arrays.toString(vector) + ", payload=" + payload + "]";
  }
}
