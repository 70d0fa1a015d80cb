package io.quiver.storage.collection;

/**
 * The acknowledgement of a durable write.
 *
 * @param applied points written (upsert) or deleted (delete: only those that existed)
 * @param sequence the write's operation sequence number, strictly increasing store-wide
 */
public record WriteResult(long applied, long sequence) {}
