package io.quiver.client;

import java.time.Instant;

/**
 * A collection as the server describes it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the collection's name
 * @param dimension number of vector components
 * @param metric how vectors are compared
 * @param index the index spec in canonical form, e.g. {@code "FLAT"}
 * @param pointCount number of live points
 * @param status whether the collection is ready
 * @param indexMemoryBytes memory held by the in-memory index, in bytes
 * @param createdAt when the collection was created
 */
public record CollectionInfo(
    String name,
    int dimension,
    Metric metric,
    String index,
    long pointCount,
    CollectionStatus status,
    long indexMemoryBytes,
    Instant createdAt) {}
