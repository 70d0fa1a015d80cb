package io.quiver.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of user payload maps that keep {@code null} values, which {@link Map#copyOf} rejects. */
final class Payloads {

  private Payloads() {}

  /** An unmodifiable, insertion-ordered shallow copy; {@code null} becomes the empty map. */
  static Map<String, Object> copyOf(Map<String, ?> payload) {
    if (payload == null || payload.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(payload));
  }
}
