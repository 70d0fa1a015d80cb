package io.quiver.client;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A point's payload: an unmodifiable map from field name to value, with typed accessors and
 * conversion to and from Java objects.
 *
 * <p>Values are {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code List<?>},
 * {@code Map<String, ?>} and {@code null} as read from the server; a payload built locally
 * keeps what it was given ({@code Integer}, {@code Float}, ...) until it is sent.
 *
 * <pre>{@code
 * record Article(String title, int year, List<String> tags) {}
 *
 * Point p = Point.of(1, vector, Payload.from(new Article("Vectors", 2024, List.of("ml"))));
 * ...
 * String title = hit.payload().getString("title");
 * Article article = hit.payload().as(Article.class);
 * }</pre>
 *
 * <p>Immutable and thread-safe, as long as the nested lists and maps it was given are not
 * changed.
 */
public final class Payload extends AbstractMap<String, Object> {

  private static final Payload EMPTY = new Payload(Map.of());

  private final Map<String, Object> fields;

  private Payload(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** The empty payload. */
  public static Payload empty() {
    return EMPTY;
  }

  /**
   * A payload with the map's entries, in its iteration order; {@code null} values are kept,
   * a {@code null} map is empty. Values are checked when the point is sent.
   */
  public static Payload of(Map<String, ?> fields) {
    if (fields instanceof Payload p) {
      return p;
    }
    if (fields == null || fields.isEmpty()) {
      return EMPTY;
    }
    return new Payload(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
  }

  /**
   * Converts a Java object into a payload: a {@code Map} with string keys, a record (one field
   * per component), or a plain object (its public getters {@code getX()}/{@code isX()}, else
   * its public fields). Nested records, objects, collections, arrays and maps convert the same
   * way; enums, {@code UUID}s and other {@code CharSequence}s become strings; numbers and
   * booleans stay as they are. See {@link PayloadConverter}.
   *
   * @throws IllegalArgumentException for a value that has no payload form
   */
  public static Payload from(Object object) {
    return PayloadConverter.toPayload(object);
  }

  /**
   * Converts this payload into an instance of {@code type}: a record (by component name) or a
   * class with a no-argument constructor (public setters or fields). Numbers are narrowed to
   * the target's type ({@code Long} into {@code int}, {@code Double} into {@code float}),
   * strings into enums, nested maps into nested records or objects, lists into lists, sets
   * or arrays of the element type. Missing fields become {@code null}, 0 or false.
   *
   * @throws IllegalArgumentException if a value does not fit its target, naming the field
   */
  public <T> T as(Class<T> type) {
    return PayloadConverter.fromPayload(this, type);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return fields.entrySet();
  }

  @Override
  public Object get(Object key) {
    return fields.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return fields.containsKey(key);
  }

  @Override
  public int size() {
    return fields.size();
  }

  /**
   * The string field, or {@code null} when absent or null.
   *
   * @throws IllegalArgumentException if the field holds something else
   */
  public String getString(String field) {
    return typed(field, String.class);
  }

  /**
   * The integer field as a {@code long}.
   *
   * @throws IllegalArgumentException if absent, null, not an integer
   */
  public long getLong(String field) {
    Object v = require(field);
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw wrongType(field, v, "an integer");
  }

  /**
   * The numeric field as a {@code double} (integers are widened).
   *
   * @throws IllegalArgumentException if absent, null or not a number
   */
  public double getDouble(String field) {
    Object v = require(field);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(field, v, "a number");
  }

  /**
   * The boolean field.
   *
   * @throws IllegalArgumentException if absent, null or not a boolean
   */
  public boolean getBoolean(String field) {
    Object v = require(field);
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(field, v, "a boolean");
  }

  /**
   * The list field, or {@code null} when absent or null.
   *
   * @throws IllegalArgumentException if the field holds something else
   */
  @SuppressWarnings("unchecked")
  public List<Object> getList(String field) {
    return (List<Object>) typed(field, List.class);
  }

  /**
   * The list field with each element checked to be an {@code elementType}, or {@code null}
   * when absent or null. Use {@code Long.class} for integers and {@code Double.class} for
   * doubles as read from the server.
   *
   * @throws IllegalArgumentException if the field or an element holds something else
   */
  @SuppressWarnings("unchecked")
  public <T> List<T> getList(String field, Class<T> elementType) {
    List<Object> list = getList(field);
    if (list == null) {
      return null;
    }
    for (Object e : list) {
      if (e != null && !elementType.isInstance(e)) {
        throw new IllegalArgumentException("payload field '" + field + "' has an element of type "
            + e.getClass().getSimpleName() + ", not " + elementType.getSimpleName());
      }
    }
    return (List<T>) list;
  }

  /**
   * The nested map field as a payload, or {@code null} when absent or null.
   *
   * @throws IllegalArgumentException if the field holds something else
   */
  @SuppressWarnings("unchecked")
  public Payload getPayload(String field) {
    Map<String, ?> m = typed(field, Map.class);
    return m == null ? null : of(m);
  }

  private <T> T typed(String field, Class<T> type) {
    Object v = fields.get(field);
    if (v == null || type.isInstance(v)) {
      return type.cast(v);
    }
    throw wrongType(field, v, "a " + type.getSimpleName());
  }

  private Object require(String field) {
    Object v = fields.get(field);
    if (v == null) {
      throw new IllegalArgumentException("payload field '" + field + "' is " + (containsKey(field) ? "null" : "absent"));
    }
    return v;
  }

  private static IllegalArgumentException wrongType(String field, Object v, String expected) {
    return new IllegalArgumentException("payload field '" + field + "' holds a " + v.getClass().getSimpleName()
        + ", not " + expected);
  }
}
