package io.quiver.storage.index;

/** One result of an index search: an ordinal and its score under the collection's metric. */
public record SearchHit(int ordinal, float score) {}
