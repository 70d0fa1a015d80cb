package io.quiver.storage.collection;

/**
 * A snapshot of a collection's state for Get/List.
 *
 * @param config what the collection is
 * @param pointCount live points
 * @param indexRamBytes heap held by the in-memory index and vectors
 * @param ready whether it is fully loaded and searchable
 */
public record CollectionInfo(CollectionConfig config, long pointCount, long indexRamBytes, boolean ready) {}
