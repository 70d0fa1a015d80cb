package io.quiver.bench.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A dataset's metadata filter, independent of any engine: conditions on payload fields, all of
 * which must hold (the datasets' syntax is a JSON object whose keys are ANDed; see
 * {@link FilterParser}). The runner hands it to a {@link FilterTranslator} to turn it into
 * whatever the engine or the server accepts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param conditions ANDed; never empty
 */
public record MetadataFilter(List<Condition> conditions) {
  /** Comparison operators of the datasets' filter syntax. */
  public enum Op {
    /** Equal. */
    EQ,
    /** Not equal (a missing field is not equal to anything). */
    NE,
    /** Less than. */
    LT,
    /** Less than or equal. */
    LTE,
    /** Greater than. */
    GT,
    /** Greater than or equal. */
    GTE,
    /** Equal to one of the listed values. */
    IN
  }

  /**
   * One condition on one field.
   *
   * @param field payload field name
   * @param op operator
   * @param values the operand: one value, or the list for {@link Op#IN}; each a String, Long,
   *     Double, Boolean or null
   */
  public record Condition(String field, Op op, List<Object> values) {
    /** Copies the values. */
    public Condition {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      // Not List.copyOf: an operand may be null (a JSON null literal).
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Whether {@code payload} satisfies this condition. */
    public boolean matches(Map<String, ?> payload) {
      boolean present = payload.containsKey(field);
      Object actual = payload.get(field);
      return switch (op) {
        case EQ -> present && valueEquals(actual, values.getFirst());
        case NE -> !present || !valueEquals(actual, values.getFirst());
        case IN -> present && values.stream().anyMatch(v -> valueEquals(actual, v));
        case LT -> ordered(actual, values.getFirst(), c -> c < 0);
        case LTE -> ordered(actual, values.getFirst(), c -> c <= 0);
        case GT -> ordered(actual, values.getFirst(), c -> c > 0);
        case GTE -> ordered(actual, values.getFirst(), c -> c >= 0);
      };
    }
  }

  /** Checks there is at least one condition. */
  public MetadataFilter {
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a filter needs at least one condition");
    }
    conditions = List.copyOf(conditions);
  }

  /**
   * Whether {@code payload} (field name to String, Long, Double, Boolean, List, Map or null)
   * satisfies every condition. The runner does not need this to measure recall (the dataset
   * carries the filtered ground truth); it is there to check the parser against the
   * datasets' stated selectivities.
   */
  public boolean matches(Map<String, ?> payload) {
    for (Condition c : conditions) {
      if (!c.matches(payload)) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y) == 0;
    }
    return Objects.equals(a, b);
  }

  /**
   * Whether {@code a} compared with {@code b} passes {@code test}: numbers compare numerically,
   * strings by UTF-16 code unit; any other pair (a string against a number, null, a missing
   * field) is incomparable and fails every range test.
   */
  private static boolean ordered(Object a, Object b, IntPredicate test) {
    if (a instanceof Number x && b instanceof Number y) {
      return test.test(compareNumbers(x, y));
    }
    if (a instanceof String x && b instanceof String y) {
      return test.test(x.compareTo(y));
    }
    return false;
  }

  private static int compareNumbers(Number x, Number y) {
    if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
      return Long.compare(x.longValue(), y.longValue());
    }
    return Double.compare(x.doubleValue(), y.doubleValue());
  }
}
