package io.quiver.storage.kv;

/**
 * A forward iterator over a key range, positioned on an entry while {@link #valid()}. Must be
 * closed; sees a consistent snapshot of the store. Not thread-safe.
 */
public interface KvCursor extends AutoCloseable {
  boolean valid();

  byte[] key();

  byte[] value();

  void next();

  @Override
  void close();
}
