package io.quiver.storage.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of writes that the store applies atomically. Built on the Java side so
 * that several callers' batches can be joined into one durable write (group commit). Not
 * thread-safe.
 */
public final class KvBatch {
  /** One write. {@code value} is null for deletes; {@code end} is set for range deletes. */
  public record Op(Kind kind, Column column, byte[] key, byte[] value, byte[] end) {}

  /** What an {@link Op} does. */
  public enum Kind {
    PUT,
    DELETE,
    DELETE_RANGE
  }

  private final List<Op> ops = new ArrayList<>();
  private long bytes;

  public KvBatch put(Column column, byte[] key, byte[] value) {
    ops.add(new Op(Kind.PUT, column, key, value, null));
    bytes += key.length + value.length;
    return this;
  }

  public KvBatch delete(Column column, byte[] key) {
    ops.add(new Op(Kind.DELETE, column, key, null, null));
    bytes += key.length;
    return this;
  }

  /** Deletes every key in [{@code from}, {@code to}). */
  public KvBatch deleteRange(Column column, byte[] from, byte[] to) {
    ops.add(new Op(Kind.DELETE_RANGE, column, from, null, to));
    bytes += from.length + to.length;
    return this;
  }

  /** Appends all of {@code other}'s writes after this batch's own. */
  public KvBatch addAll(KvBatch other) {
    ops.addAll(other.ops);
    bytes += other.bytes;
    return this;
  }

  public List<Op> ops() {
    return ops;
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** Approximate size of keys and values, for metrics and limits. */
  public long approximateBytes() {
    return bytes;
  }
}
