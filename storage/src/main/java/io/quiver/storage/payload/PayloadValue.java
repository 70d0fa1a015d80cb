package io.quiver.storage.payload;

import java.util.List;
import java.util.Map;

/**
 * One value in a point's payload: a string, a 64-bit integer, a double, a boolean, null, a
 * list of values, or a nested map. Immutable and thread-safe (the collections are copied
 * into unmodifiable ones).
 */
public sealed interface PayloadValue {
  /** The null value. */
  enum Null implements PayloadValue {
    INSTANCE
  }

  /** A UTF-8 string. */
  record Text(String value) implements PayloadValue {}

  /** A signed 64-bit integer (timestamps are stored as integers). */
  record Int(long value) implements PayloadValue {}

  /** A double. */
  record Real(double value) implements PayloadValue {}

  /** A boolean. */
  record Bool(boolean value) implements PayloadValue {}

  /** An ordered list of values; kinds may be mixed. */
  record ListOf(List<PayloadValue> values) implements PayloadValue {
    public ListOf {
      values = List.copyOf(values);
    }
  }

  /** A nested object: field name to value. */
  record MapOf(Map<String, PayloadValue> fields) implements PayloadValue {
    public MapOf {
      fields = Map.copyOf(fields);
    }
  }
}
