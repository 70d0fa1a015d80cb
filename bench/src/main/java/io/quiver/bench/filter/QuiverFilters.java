package io.quiver.bench.filter;

import io.quiver.storage.filter.Condition;
import io.quiver.storage.filter.Filter;
import io.quiver.storage.filter.NumericRange;
import io.quiver.storage.payload.FieldIndexType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dataset filters in Quiver's filter language (issue #7): the engine's {@link Filter} for
 * in-process runs, the client's for gRPC runs, and the payload field indexes a run should
 * create so the filters are answered from indexes. Numbers compare numerically across integer
 * and double payloads (EQ on a number is a closed range), as {@link MetadataFilter} does.
 * Stateless; thread-safe.
 */
public final class QuiverFilters {
  private QuiverFilters() {}

  /** The engine translator. */
  public static FilterTranslator<Filter> engine() {
    return QuiverFilters::toEngine;
  }

  /** The client translator. */
  public static FilterTranslator<io.quiver.client.Filter> client() {
    return QuiverFilters::toClient;
  }

  /** The index type each field of {@code filter} wants (keyword, numeric or bool), in order. */
  public static Map<String, FieldIndexType> indexes(MetadataFilter filter) {
    Map<String, FieldIndexType> out = new LinkedHashMap<>();
    for (MetadataFilter.Condition c : filter.conditions()) {
      Object v = c.values().isEmpty() ? null : c.values().getFirst();
      FieldIndexType t = v instanceof String ? FieldIndexType.KEYWORD
          : v instanceof Boolean ? FieldIndexType.BOOL : v instanceof Number ? FieldIndexType.INTEGER : null;
      if (t != null) {
        out.putIfAbsent(c.field(), t);
      }
    }
    return out;
  }

  static Filter toEngine(MetadataFilter filter) {
    List<Condition> must = new ArrayList<>();
    List<Condition> mustNot = new ArrayList<>();
    for (MetadataFilter.Condition c : filter.conditions()) {
      switch (c.op()) {
        case EQ -> must.add(eq(c.field(), c.values().getFirst()));
        case NE -> mustNot.add(eq(c.field(), c.values().getFirst()));
        case IN -> must.add(in(c.field(), c.values()));
        case LT, LTE, GT, GTE -> must.add(new Condition.Range(c.field(), range(c.op(), number(c, c.values().getFirst()))));
      }
    }
    return new Filter(must, List.of(), 0, mustNot);
  }

  private static Condition eq(String field, Object v) {
    return switch (v) {
      case null -> new Condition.IsNull(field, true);
      case String s -> new Condition.Match(field, s);
      case Boolean b -> new Condition.Match(field, b);
      case Number n -> new Condition.Range(field, closed(n));
      default -> throw new UnsupportedFilterException("value " + v + " of " + field);
    };
  }

  private static Condition in(String field, List<Object> values) {
    if (values.stream().allMatch(v -> v instanceof String)) {
      return new Condition.MatchAny(field, new HashSet<>(values), false);
    }
    List<Condition> any = new ArrayList<>();
    for (Object v : values) {
      any.add(eq(field, v));
    }
    return new Condition.Nested(new Filter(List.of(), any, 0, List.of()));
  }

  private static NumericRange closed(Number n) {
    return n instanceof Double || n instanceof Float
        ? new NumericRange(null, n.doubleValue(), null, n.doubleValue(), null, null, null, null)
        : new NumericRange(null, null, null, null, null, n.longValue(), null, n.longValue());
  }

  private static Number number(MetadataFilter.Condition c, Object v) {
    if (v instanceof Number n) {
      return n;
    }
    throw new UnsupportedFilterException("Quiver ranges are numeric; " + c.field() + " " + c.op() + " " + v);
  }

  private static NumericRange range(MetadataFilter.Op op, Number n) {
    boolean dbl = n instanceof Double || n instanceof Float;
    double d = n.doubleValue();
    long l = n.longValue();
    return switch (op) {
      case LT -> dbl ? new NumericRange(null, null, d, null, null, null, null, null) : new NumericRange(null, null, null, null, null, null, l, null);
      case LTE -> dbl ? new NumericRange(null, null, null, d, null, null, null, null) : new NumericRange(null, null, null, null, null, null, null, l);
      case GT -> dbl ? new NumericRange(d, null, null, null, null, null, null, null) : new NumericRange(null, null, null, null, l, null, null, null);
      case GTE -> dbl ? new NumericRange(null, d, null, null, null, null, null, null) : new NumericRange(null, null, null, null, null, l, null, null);
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  static io.quiver.client.Filter toClient(MetadataFilter filter) {
    List<io.quiver.client.Condition> must = new ArrayList<>();
    List<io.quiver.client.Condition> mustNot = new ArrayList<>();
    for (MetadataFilter.Condition c : filter.conditions()) {
      switch (c.op()) {
        case EQ -> must.add(clientEq(c.field(), c.values().getFirst()));
        case NE -> mustNot.add(clientEq(c.field(), c.values().getFirst()));
        case IN -> {
          if (c.values().stream().allMatch(v -> v instanceof String)) {
            must.add(io.quiver.client.Condition.matchAny(c.field(), c.values().toArray(String[]::new)));
          } else {
            must.add(io.quiver.client.Condition.filter(io.quiver.client.Filter.should(
                c.values().stream().map(v -> clientEq(c.field(), v)).toArray(io.quiver.client.Condition[]::new))));
          }
        }
        case LT, LTE, GT, GTE -> must.add(clientRange(c.field(), c.op(), number(c, c.values().getFirst())));
      }
    }
    io.quiver.client.Filter f = io.quiver.client.Filter.must(must.toArray(io.quiver.client.Condition[]::new));
    return mustNot.isEmpty() ? f : f.andMustNot(mustNot.toArray(io.quiver.client.Condition[]::new));
  }

  private static io.quiver.client.Condition clientEq(String field, Object v) {
    return switch (v) {
      case null -> io.quiver.client.Condition.isNull(field);
      case String s -> io.quiver.client.Condition.match(field, s);
      case Boolean b -> io.quiver.client.Condition.match(field, (boolean) b);
      case Double d -> io.quiver.client.Condition.range(field).gte((double) d).lte((double) d);
      case Number n -> io.quiver.client.Condition.range(field).gte(n.longValue()).lte(n.longValue());
      default -> throw new UnsupportedFilterException("value " + v + " of " + field);
    };
  }

  private static io.quiver.client.Condition clientRange(String field, MetadataFilter.Op op, Number n) {
    var r = io.quiver.client.Condition.range(field);
    boolean dbl = n instanceof Double || n instanceof Float;
    return switch (op) {
      case LT -> dbl ? r.lt(n.doubleValue()) : r.lt(n.longValue());
      case LTE -> dbl ? r.lte(n.doubleValue()) : r.lte(n.longValue());
      case GT -> dbl ? r.gt(n.doubleValue()) : r.gt(n.longValue());
      case GTE -> dbl ? r.gte(n.doubleValue()) : r.gte(n.longValue());
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  /** Collects the field indexes the filters of a run want. Not thread-safe. */
  public static final class Needed {
    private final Map<String, FieldIndexType> fields = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    public void add(MetadataFilter filter) {
      indexes(filter).forEach((f, t) -> {
        if (seen.add(f)) {
          fields.put(f, t);
        }
      });
    }

    public Map<String, FieldIndexType> fields() {
      return fields;
    }
  }
}
