package io.quiver.storage.collection;

import io.quiver.storage.payload.FieldIndexType;

/** A payload field index as reported by Get: field path, type, distinct keys. */
public record FieldIndexInfo(String field, FieldIndexType type, long distinctValues) {}
