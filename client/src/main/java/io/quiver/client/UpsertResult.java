package io.quiver.client;

/**
 * The acknowledgement of a durable write.
 *
 * <p>Immutable and thread-safe.
 *
 * @param applied number of points written
 * @param sequence the server's operation sequence number of the (last) write; strictly
 *     increasing across every acknowledged write, read as unsigned
 */
public record UpsertResult(long applied, long sequence) {}
