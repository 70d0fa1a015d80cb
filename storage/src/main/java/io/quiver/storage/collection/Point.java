package io.quiver.storage.collection;

import io.quiver.storage.payload.Payload;

/**
 * A point as written or read: id, vector and payload. On reads, {@code vector} or
 * {@code payload} is null when the caller did not ask for it. The vector array is not
 * copied; callers must not change it after handing it over.
 */
public record Point(PointId id, float[] vector, Payload payload) {}
