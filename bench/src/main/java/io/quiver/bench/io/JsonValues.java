package io.quiver.bench.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts parsed JSON into plain Java values: String, Long (integers that fit), Double (other
 * numbers), Boolean, null, {@code List<Object>} and {@code Map<String, Object>} — the value
 * kinds the Java client's payloads accept. Stateless and thread-safe.
 */
public final class JsonValues {
  private JsonValues() {}

  /** The Java value of {@code node}. */
  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode e : node) {
        out.add(toJava(e));
      }
      return out;
    }
    if (node.isObject()) {
      return toMap(node);
    }
    throw new IllegalArgumentException("unsupported JSON value: " + node.getNodeType());
  }

  /** The fields of a JSON object as a map in document order. */
  public static Map<String, Object> toMap(JsonNode object) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + object.getNodeType());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      out.put(f.getKey(), toJava(f.getValue()));
    }
    return out;
  }
}
