package io.quiver.storage.collection;

/**
 * A snapshot of a collection's state for Get/List.
 *
 * @param config what the collection is
 * @param pointCount live points
 * @param indexRamBytes heap held by the in-memory index and vectors
 * @param ready whether it is fully loaded and searchable through its index (false while an
 *     index links, trains or encodes in the background; searches work meanwhile)
 * @param trainedPoints IVF-PQ: points the quantizers were trained on (0 before training, and
 *     for other indexes)
 * @param retrainRecommended IVF-PQ: the collection has grown past {@code 10x} its training
 *     size, so retraining (Collection.retrain) would fit the quantizers to today's data
 */
public record CollectionInfo(CollectionConfig config, long pointCount, long indexRamBytes, boolean ready,
    long trainedPoints, boolean retrainRecommended) {
  /** A snapshot of a collection whose index has no training. */
  public CollectionInfo(CollectionConfig config, long pointCount, long indexRamBytes, boolean ready) {
    this(config, pointCount, indexRamBytes, ready, 0, false);
  }
}
