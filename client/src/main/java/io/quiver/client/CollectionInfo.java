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
 * @param trainedPoints IVF_PQ: points the quantizers were trained on (0 before training and
 *     for other indexes)
 * @param retrainRecommended IVF_PQ: the collection outgrew its training size more than ten
 *     times over; {@link QuiverClient#retrainCollection} refits the quantizers
 */
public record CollectionInfo(
    String name,
    int dimension,
    Metric metric,
    String index,
    long pointCount,
    CollectionStatus status,
    long indexMemoryBytes,
    Instant createdAt,
    long trainedPoints,
    boolean retrainRecommended) {
  /** A collection whose index has nothing to train. */
  public CollectionInfo(String name, int dimension, Metric metric, String index, long pointCount,
      CollectionStatus status, long indexMemoryBytes, Instant createdAt) {
    this(name, dimension, metric, index, pointCount, status, indexMemoryBytes, createdAt, 0, false);
  }
}
