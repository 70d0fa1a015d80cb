package io.quiver.client;

/**
 * The acknowledgement of a point deletion.
 *
 * <p>Immutable and thread-safe.
 *
 * @param deleted number of ids that existed and were deleted
 * @param sequence the server's operation sequence number of the write, read as unsigned
 */
public record DeleteResult(long deleted, long sequence) {}
