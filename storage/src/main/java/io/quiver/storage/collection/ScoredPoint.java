package io.quiver.storage.collection;

import io.quiver.storage.payload.Payload;

/** A search hit: id, score, and the payload and vector when asked for (else null). */
public record ScoredPoint(PointId id, float score, Payload payload, float[] vector) {}
