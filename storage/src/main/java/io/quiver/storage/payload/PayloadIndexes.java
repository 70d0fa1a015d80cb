package io.quiver.storage.payload;

import io.quiver.storage.filter.Condition;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collection's payload field indexes, by field path. Kept in memory and rebuilt from the
 * stored payloads when the collection loads (only the definitions are persisted), and
 * maintained on every write while the collection's write lock is held, so they always agree
 * with the live ordinals. Not thread-safe: the collection's lock guards it.
 */
public final class PayloadIndexes {
  private final Map<String, FieldIndex> byField = new TreeMap<>();

  public boolean isEmpty() {
    return byField.isEmpty();
  }

  public Map<String, FieldIndex> all() {
    return Collections.unmodifiableMap(byField);
  }

  public FieldIndex get(String field) {
    return byField.get(field);
  }

  public void put(FieldIndex index) {
    byField.put(index.field(), index);
  }

  public FieldIndex remove(String field) {
    return byField.remove(field);
  }

  /** The index that answers {@code c} exactly, or null. */
  public FieldIndex answering(Condition.OnField c) {
    FieldIndex f = byField.get(c.key());
    return f != null && f.supports(c) ? f : null;
  }

  public void add(int ordinal, Payload payload) {
    for (FieldIndex f : byField.values()) {
      f.add(ordinal, payload);
    }
  }

  public void remove(int ordinal) {
    for (FieldIndex f : byField.values()) {
      f.remove(ordinal);
    }
  }

  public long ramBytesUsed() {
    long b = 0;
    for (FieldIndex f : byField.values()) {
      b += f.ramBytesUsed();
    }
    return b;
  }
}
