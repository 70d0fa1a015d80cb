package io.quiver.storage.payload;

import java.util.Map;
import java.util.TreeMap;

/**
 * A point's payload: field name to {@link PayloadValue}, iterated in name order so that its
 * encoding is deterministic. Immutable and thread-safe.
 */
public record Payload(Map<String, PayloadValue> fields) {
  /** The empty payload. */
  public static final Payload EMPTY = new Payload(Map.of());

  public Payload {
    fields = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fields));
  }

  /** Whether the payload has no fields. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }
}
