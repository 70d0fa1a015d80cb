package io.quiver.storage.filter;

import io.quiver.storage.StorageException;
import java.util.List;

/**
 * A metadata filter: a boolean tree of {@link Condition}s. A point matches when every
 * {@code must} clause matches, at least {@code minShould} (at least 1 when 0) of the
 * {@code should} clauses match (when there are any), and no {@code mustNot} clause matches.
 * An empty filter matches every point. Immutable and thread-safe.
 */
public record Filter(List<Condition> must, List<Condition> should, int minShould, List<Condition> mustNot) {
  /** Nesting depth limit (a filter at the top is depth 1); named in errors. */
  public static final int MAX_DEPTH = 8;
  /** Limit on conditions in the whole tree (nested filters count too); named in errors. */
  public static final int MAX_CONDITIONS = 64;
  /** Limit on values in one match_any / match_except / has_id; named in errors. */
  public static final int MAX_VALUES = 1024;

  public Filter {
    must = must == null ? List.of() : List.copyOf(must);
    should = should == null ? List.of() : List.copyOf(should);
    mustNot = mustNot == null ? List.of() : List.copyOf(mustNot);
  }

  public static Filter must(Condition... conditions) {
    return new Filter(List.of(conditions), List.of(), 0, List.of());
  }

  public static Filter should(Condition... conditions) {
    return new Filter(List.of(), List.of(conditions), 0, List.of());
  }

  public static Filter mustNot(Condition... conditions) {
    return new Filter(List.of(), List.of(), 0, List.of(conditions));
  }

  /** Whether the filter has no clauses (matches everything). */
  public boolean isEmpty() {
    return must.isEmpty() && should.isEmpty() && mustNot.isEmpty();
  }

  /** The should clauses needed: max(1, minShould) when there are any, else 0. */
  public int requiredShould() {
    return should.isEmpty() ? 0 : Math.max(1, minShould);
  }

  /**
   * Checks the limits and each condition; throws INVALID_ARGUMENT naming the limit or the
   * offending clause ({@code where} prefixes the path, e.g. "filter").
   */
  public void validate(String where) {
    int[] count = {0};
    validate(where, 1, count);
  }

  private void validate(String where, int depth, int[] count) {
    if (depth > MAX_DEPTH) {
      throw StorageException.invalid(where + ": filter nesting is deeper than filter_max_depth = " + MAX_DEPTH);
    }
    if (minShould < 0 || minShould > Math.max(1, should.size())) {
      throw StorageException.invalid(where + ".min_should: " + minShould + " is more than the "
          + should.size() + " should clauses");
    }
    validateAll(where + ".must", must, depth, count);
    validateAll(where + ".should", should, depth, count);
    validateAll(where + ".must_not", mustNot, depth, count);
  }

  private static void validateAll(String where, List<Condition> conditions, int depth, int[] count) {
    for (int i = 0; i < conditions.size(); i++) {
      if (++count[0] > MAX_CONDITIONS) {
        throw StorageException.invalid(where + ": filter has more than filter_max_conditions = "
            + MAX_CONDITIONS + " conditions");
      }
      Condition c = conditions.get(i);
      String at = where + "[" + i + "]";
      if (c == null) {
        throw StorageException.invalid(at + ": missing condition");
      }
      if (c instanceof Condition.Nested n) {
        n.filter().validate(at + ".filter", depth + 1, count);
      } else {
        c.check(at);
      }
    }
  }
}
