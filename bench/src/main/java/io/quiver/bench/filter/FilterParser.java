package io.quiver.bench.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.bench.filter.MetadataFilter.Condition;
import io.quiver.bench.filter.MetadataFilter.Op;
import io.quiver.bench.io.JsonValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the datasets' filter syntax (see {@code ../shared/data/README.md}): a JSON object
 * whose keys are ANDed; each value is either a literal (equality) or an object of operators
 * {@code eq, ne, lt, lte, gt, gte, in} (several operators on one field are ANDed too), e.g.
 * {@code {"section": {"in": ["python", "perl"]}, "installed_size": {"gte": 2000}}}.
 * Stateless and thread-safe.
 */
public final class FilterParser {
  private FilterParser() {}

  /**
   * Parses one filter.
   *
   * @throws IllegalArgumentException naming the field and the problem (an unknown operator,
   *     {@code in} without a list, a nested object as an operand, an empty filter)
   */
  public static MetadataFilter parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a filter must be a JSON object, got "
          + (json == null ? "nothing" : json.getNodeType()));
    }
    List<Condition> conditions = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (!value.isObject()) {
        conditions.add(new Condition(name, Op.EQ, List.of(literal(name, value))));
        continue;
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException("filter field '" + name + "': empty operator object");
      }
      for (Map.Entry<String, JsonNode> operator : value.properties()) {
        Op op = operator(name, operator.getKey());
        JsonNode operand = operator.getValue();
        if (op == Op.IN) {
          if (!operand.isArray() || operand.isEmpty()) {
            throw new IllegalArgumentException("filter field '" + name
                + "': 'in' needs a non-empty list, got " + operand);
          }
          List<Object> values = new ArrayList<>();
          for (JsonNode v : operand) {
            values.add(literal(name, v));
          }
          conditions.add(new Condition(name, op, values));
        } else {
          conditions.add(new Condition(name, op, Collections.singletonList(literal(name, operand))));
        }
      }
    }
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a filter needs at least one field, got {}");
    }
    return new MetadataFilter(conditions);
  }

  private static Op operator(String field, String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "eq" -> Op.EQ;
      case "ne" -> Op.NE;
      case "lt" -> Op.LT;
      case "lte" -> Op.LTE;
      case "gt" -> Op.GT;
      case "gte" -> Op.GTE;
      case "in" -> Op.IN;
      default -> throw new IllegalArgumentException("filter field '" + field + "': unknown operator '"
          + name + "'; known: eq, ne, lt, lte, gt, gte, in");
    };
  }

  private static Object literal(String field, JsonNode v) {
    if (v.isContainerNode()) {
      throw new IllegalArgumentException("filter field '" + field
          + "': operands must be strings, numbers, booleans or null, got " + v);
    }
    return JsonValues.toJava(v);
  }
}
