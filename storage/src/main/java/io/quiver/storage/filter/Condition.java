package io.quiver.storage.filter;

import io.quiver.storage.StorageException;
import io.quiver.storage.collection.PointId;
import java.util.List;
import java.util.Set;

/**
 * One clause of a {@link Filter}. Field conditions address a payload field by a dotted path
 * ({@link PayloadPaths}); a field holding a list matches if any element matches. Immutable.
 */
public sealed interface Condition {
  /** Throws INVALID_ARGUMENT when the condition is malformed; {@code where} names it. */
  default void check(String where) {}

  /** Conditions on one payload field. */
  sealed interface OnField extends Condition {
    String key();

    @Override
    default void check(String where) {
      String k = key();
      if (k == null || k.isEmpty() || k.length() > 255) {
        throw StorageException.invalid(where + ".key: a field path of 1..255 characters is required");
      }
      if (k.startsWith(".") || k.endsWith(".") || k.contains("..")) {
        throw StorageException.invalid(where + ".key: '" + k + "' has an empty path segment");
      }
    }
  }

  /** Equals a keyword (String), integer (Long) or bool (Boolean); kinds never convert. */
  record Match(String key, Object value) implements OnField {
    @Override
    public void check(String where) {
      OnField.super.check(where);
      if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
        throw StorageException.invalid(where + ".match: a keyword, integer or boolean value is required");
      }
    }
  }

  /**
   * One of {@code values} (Strings or Longs); with {@code except}, none of the field's values
   * is one of them (a point without the field matches).
   */
  record MatchAny(String key, Set<Object> values, boolean except) implements OnField {
    public MatchAny {
      values = Set.copyOf(values);
    }

    @Override
    public void check(String where) {
      OnField.super.check(where);
      String name = except ? ".match_except" : ".match_any";
      if (values.isEmpty()) {
        throw StorageException.invalid(where + name + ": at least one value is required");
      }
      if (values.size() > Filter.MAX_VALUES) {
        throw StorageException.invalid(where + name + ": " + values.size()
            + " values is more than filter_max_values = " + Filter.MAX_VALUES);
      }
    }
  }

  /** A numeric range; see {@link NumericRange}. */
  record Range(String key, NumericRange range) implements OnField {
    @Override
    public void check(String where) {
      OnField.super.check(where);
      range.check(where + ".range");
    }
  }

  /** {@code exists == true}: the field has a non-null value (after looking through lists). */
  record Exists(String key, boolean exists) implements OnField {}

  /** {@code isNull == true}: the field holds an explicit null (or a list containing one). */
  record IsNull(String key, boolean isNull) implements OnField {}

  /** Every token of {@code text} occurs among the field's string tokens. */
  record Text(String key, String text) implements OnField {
    public List<String> tokens() {
      return Tokenizer.tokens(text);
    }

    @Override
    public void check(String where) {
      OnField.super.check(where);
      if (tokens().isEmpty()) {
        throw StorageException.invalid(where + ".text: the query has no tokens (letters or digits)");
      }
    }
  }

  /** The point's id is one of {@code ids}. */
  record HasId(Set<PointId> ids) implements Condition {
    public HasId {
      ids = Set.copyOf(ids);
    }

    @Override
    public void check(String where) {
      if (ids.size() > Filter.MAX_VALUES) {
        throw StorageException.invalid(where + ".has_id: " + ids.size()
            + " ids is more than filter_max_values = " + Filter.MAX_VALUES);
      }
    }
  }

  /** A nested filter. */
  record Nested(Filter filter) implements Condition {}

  static Match match(String key, String keyword) {
    return new Match(key, keyword);
  }

  static Match match(String key, long integer) {
    return new Match(key, integer);
  }

  static Match match(String key, boolean value) {
    return new Match(key, value);
  }
}
