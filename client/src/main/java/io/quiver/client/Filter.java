package io.quiver.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A metadata filter for search, count, scroll and delete: a tree of {@link Condition}s.
 * A point matches when every {@code must} condition matches, at least {@code minShould}
 * (at least one) of the {@code should} conditions match, and no {@code mustNot} matches.
 *
 * <pre>{@code
 * import static io.quiver.client.Condition.*;
 * Filter f = Filter.must(match("lang", "en"), range("year").gte(2020))
 *     .andMustNot(match("draft", true));
 * }</pre>
 *
 * <p>The server limits a filter to nesting depth 8, 64 conditions and 1024 values per set.
 * Immutable and thread-safe.
 */
public final class Filter {
  private final List<Condition> must;
  private final List<Condition> should;
  private final List<Condition> mustNot;
  private final int minShould;

  private Filter(List<Condition> must, List<Condition> should, List<Condition> mustNot, int minShould) {
    this.must = List.copyOf(must);
    this.should = List.copyOf(should);
    this.mustNot = List.copyOf(mustNot);
    this.minShould = minShould;
  }

  /** Every condition must match. */
  public static Filter must(Condition... conditions) {
    return new Filter(list(conditions), List.of(), List.of(), 0);
  }

  /** At least one condition must match. */
  public static Filter should(Condition... conditions) {
    return new Filter(List.of(), list(conditions), List.of(), 0);
  }

  /** No condition may match. */
  public static Filter mustNot(Condition... conditions) {
    return new Filter(List.of(), List.of(), list(conditions), 0);
  }

  public Filter andMust(Condition... conditions) {
    return new Filter(concat(must, conditions), should, mustNot, minShould);
  }

  public Filter andShould(Condition... conditions) {
    return new Filter(must, concat(should, conditions), mustNot, minShould);
  }

  public Filter andMustNot(Condition... conditions) {
    return new Filter(must, should, concat(mustNot, conditions), minShould);
  }

  /** At least {@code n} of the should conditions must match. */
  public Filter minShould(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("minShould must not be negative, got " + n);
    }
    return new Filter(must, should, mustNot, n);
  }

  io.quiver.proto.v1.Filter toProto() {
    io.quiver.proto.v1.Filter.Builder b = io.quiver.proto.v1.Filter.newBuilder().setMinShould(minShould);
    must.forEach(c -> b.addMust(c.toProto()));
    should.forEach(c -> b.addShould(c.toProto()));
    mustNot.forEach(c -> b.addMustNot(c.toProto()));
    return b.build();
  }

  private static List<Condition> list(Condition[] conditions) {
    for (Condition c : conditions) {
      Objects.requireNonNull(c, "condition");
    }
    return Arrays.asList(conditions.clone());
  }

  private static List<Condition> concat(List<Condition> a, Condition[] b) {
    List<Condition> out = new ArrayList<>(a);
    out.addAll(list(b));
    return out;
  }

  @Override
  public String toString() {
    return toProto().toString();
  }
}
