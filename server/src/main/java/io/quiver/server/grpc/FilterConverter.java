package io.quiver.server.grpc;

import io.quiver.proto.v1.Condition;
import io.quiver.proto.v1.FieldCondition;
import io.quiver.proto.v1.Filter;
import io.quiver.proto.v1.FieldIndexType;
import io.quiver.proto.v1.MatchAny;
import io.quiver.proto.v1.Range;
import io.quiver.storage.StorageException;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.filter.NumericRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proto filters to engine filters, checking the configured limits (limits.max_filter_depth,
 * limits.max_filter_conditions, limits.max_filter_values; the engine's own caps are in
 * {@link io.quiver.storage.filter.Filter}) with errors that name the offending clause.
 * One instance per request; not shared.
 */
final class FilterConverter {
  /** The engine filter, or null when absent or empty (match everything). */
  static io.quiver.storage.filter.Filter filter(boolean present, Filter f, String field, RequestLimits limits) {
    if (!present || f.equals(Filter.getDefaultInstance())) {
      return null;
    }
    FilterConverter converter = new FilterConverter(limits);
    converter.checkTotal(f, field);
    io.quiver.storage.filter.Filter out = converter.convert(f, field, 1);
    out.validate(field);
    return out;
  }

  private final RequestLimits limits;

  private FilterConverter(RequestLimits limits) {
    this.limits = limits;
  }

  /** The configured limit on conditions counts every level together. */
  private void checkTotal(Filter f, String field) {
    int total = countConditions(f);
    if (total > limits.maxFilterConditions()) {
      throw StorageException.invalid(field + ": filter has " + total + " conditions, more than limits.max_filter_conditions="
          + limits.maxFilterConditions());
    }
  }

  private static int countConditions(Filter f) {
    int n = 0;
    for (List<Condition> cs : List.of(f.getMustList(), f.getShouldList(), f.getMustNotList())) {
      for (Condition c : cs) {
        n += c.getKindCase() == Condition.KindCase.FILTER ? countConditions(c.getFilter()) : 1;
      }
    }
    return n;
  }

  private io.quiver.storage.filter.Filter convert(Filter f, String where, int depth) {
    if (depth > limits.maxFilterDepth()) {
      throw StorageException.invalid(where + ": filter nesting is deeper than limits.max_filter_depth="
          + limits.maxFilterDepth());
    }
    rejectUnknown(f, where);
    int total = f.getMustCount() + f.getShouldCount() + f.getMustNotCount();
    if (total > limits.maxFilterConditions()) {
      throw StorageException.invalid(where + ": filter has more than limits.max_filter_conditions="
          + limits.maxFilterConditions() + " conditions");
    }
    return new io.quiver.storage.filter.Filter(all(f.getMustList(), where + ".must", depth),
        all(f.getShouldList(), where + ".should", depth), f.getMinShould() > Integer.MAX_VALUE / 2
            ? Integer.MAX_VALUE / 2 : f.getMinShould(),
        all(f.getMustNotList(), where + ".must_not", depth));
  }

  private List<io.quiver.storage.filter.Condition> all(List<Condition> cs, String where, int depth) {
    List<io.quiver.storage.filter.Condition> out = new ArrayList<>(cs.size());
    for (int i = 0; i < cs.size(); i++) {
      out.add(condition(cs.get(i), where + "[" + i + "]", depth));
    }
    return out;
  }

  /**
   * A filter field this server does not know (from a newer client) would be dropped silently
   * and widen the filter; refuse it instead.
   */
  private static void rejectUnknown(com.google.protobuf.Message m, String where) {
    if (!m.getUnknownFields().asMap().isEmpty()) {
      throw StorageException.invalid(where + ": has fields this server does not know (fields "
          + m.getUnknownFields().asMap().keySet() + "); upgrade the server or drop them");
    }
  }

  private io.quiver.storage.filter.Condition condition(Condition c, String where, int depth) {
    rejectUnknown(c, where);
    return switch (c.getKindCase()) {
      case FIELD -> field(c.getField(), where + ".field");
      case HAS_ID -> {
        if (c.getHasId().getIdsCount() > limits.maxFilterValues()) {
          throw StorageException.invalid(where + ".has_id: " + c.getHasId().getIdsCount()
              + " ids is more than limits.max_filter_values=" + limits.maxFilterValues());
        }
        yield new io.quiver.storage.filter.Condition.HasId(
            new HashSet<>(ProtoConverter.pointIds(c.getHasId().getIdsList(), where + ".has_id.ids")));
      }
      case FILTER -> new io.quiver.storage.filter.Condition.Nested(convert(c.getFilter(), where + ".filter", depth + 1));
      case KIND_NOT_SET -> throw StorageException.invalid(where + ": empty condition (set field, has_id or filter)");
    };
  }

  private io.quiver.storage.filter.Condition field(FieldCondition f, String where) {
    rejectUnknown(f, where);
    String key = f.getKey();
    return switch (f.getConditionCase()) {
      case MATCH -> switch (f.getMatch().getValueCase()) {
        case KEYWORD -> new io.quiver.storage.filter.Condition.Match(key, f.getMatch().getKeyword());
        case INTEGER -> new io.quiver.storage.filter.Condition.Match(key, f.getMatch().getInteger());
        case BOOLEAN -> new io.quiver.storage.filter.Condition.Match(key, f.getMatch().getBoolean());
        case VALUE_NOT_SET -> throw StorageException.invalid(where + ".match: set keyword, integer or boolean");
      };
      case MATCH_ANY -> new io.quiver.storage.filter.Condition.MatchAny(key, set(f.getMatchAny(), where + ".match_any"), false);
      case MATCH_EXCEPT -> new io.quiver.storage.filter.Condition.MatchAny(key, set(f.getMatchExcept(), where + ".match_except"), true);
      case RANGE -> new io.quiver.storage.filter.Condition.Range(key, range(f.getRange()));
      case EXISTS -> new io.quiver.storage.filter.Condition.Exists(key, f.getExists());
      case IS_NULL -> new io.quiver.storage.filter.Condition.IsNull(key, f.getIsNull());
      case TEXT -> new io.quiver.storage.filter.Condition.Text(key, f.getText());
      case CONDITION_NOT_SET -> throw StorageException.invalid(where
          + ": no condition (set match, match_any, match_except, range, exists, is_null or text)");
    };
  }

  private Set<Object> set(MatchAny m, String where) {
    if (m.getKeywordsCount() > 0 && m.getIntegersCount() > 0) {
      throw StorageException.invalid(where + ": give keywords or integers, not both");
    }
    int n = m.getKeywordsCount() + m.getIntegersCount();
    if (n > limits.maxFilterValues()) {
      throw StorageException.invalid(where + ": " + n + " values is more than limits.max_filter_values="
          + limits.maxFilterValues());
    }
    Set<Object> out = new HashSet<>(m.getKeywordsList());
    out.addAll(m.getIntegersList());
    return out;
  }

  private static NumericRange range(Range r) {
    return new NumericRange(r.hasGt() ? r.getGt() : null, r.hasGte() ? r.getGte() : null,
        r.hasLt() ? r.getLt() : null, r.hasLte() ? r.getLte() : null,
        r.hasGtInt() ? r.getGtInt() : null, r.hasGteInt() ? r.getGteInt() : null,
        r.hasLtInt() ? r.getLtInt() : null, r.hasLteInt() ? r.getLteInt() : null);
  }

  static io.quiver.storage.payload.FieldIndexType indexType(FieldIndexType t) {
    return switch (t) {
      case KEYWORD -> io.quiver.storage.payload.FieldIndexType.KEYWORD;
      case INTEGER -> io.quiver.storage.payload.FieldIndexType.INTEGER;
      case FLOAT -> io.quiver.storage.payload.FieldIndexType.FLOAT;
      case BOOL -> io.quiver.storage.payload.FieldIndexType.BOOL;
      case TEXT -> io.quiver.storage.payload.FieldIndexType.TEXT;
      default -> throw StorageException.invalid("type: one of KEYWORD, INTEGER, FLOAT, BOOL, TEXT is required");
    };
  }

  static FieldIndexType indexType(io.quiver.storage.payload.FieldIndexType t) {
    return FieldIndexType.valueOf(t.name());
  }

  /** CollectionInfo with the field indexes and the unindexed-filter counter. */
  static io.quiver.proto.v1.CollectionInfo info(io.quiver.storage.collection.Collection c) {
    io.quiver.proto.v1.CollectionInfo.Builder b = ProtoConverter.collectionInfo(c.info()).toBuilder();
    for (var f : c.fieldIndexes()) {
      b.addFieldIndexes(io.quiver.proto.v1.FieldIndexInfo.newBuilder().setField(f.field())
          .setType(indexType(f.type())).setDistinctValues(f.distinctValues()));
    }
    return b.setUnindexedFilterEvaluations(c.unindexedFilterEvaluations()).build();
  }
}
