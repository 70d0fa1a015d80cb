package io.quiver.client;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One search hit. See {@link Metric} for what the score means and which way is better.
 *
 * <p>Immutable and thread-safe: the vector is copied on the way in and out.
 *
 * @param id the point's identity
 * @param score similarity or distance under the collection's metric
 * @param payload the point's payload when requested, else empty; see {@link Payload} for typed
 *     accessors
 * @param vector the stored vector when requested (normalised for COSINE), else {@code null}
 */
public record ScoredPoint(PointId id, float score, Payload payload, float[] vector) {

  /** Copies the vector; a {@code null} payload becomes empty. */
  public ScoredPoint {
    Objects.requireNonNull(id, "id");
    payload = payload == null ? Payload.empty() : payload;
    vector = vector == null ? null : vector.clone();
  }

  /** A hit whose payload is a copy of the map. */
  public ScoredPoint(PointId id, float score, Map<String, ?> payload, float[] vector) {
    this(id, score, Payload.of(payload), vector);
  }

  /** A copy of the vector, or {@code null} when the search did not ask for it. */
  @Override
  public float[] vector() {
    return vector == null ? null : vector.clone();
  }

  /** Whether this hit carries its vector. */
  public boolean hasVector() {
    return vector != null;
  }

  /** Equal when id, score, payload and vector contents are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredPoint p
        && id.equals(p.id)
        && Float.compare(score, p.score) == 0
        && payload.equals(p.payload)
        && Arrays.equals(vector, p.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, score, payload, Arrays.hashCode(vector));
  }

  @Override
  public String toString() {
    return "ScoredPoint[id=" + id + ", score=" + score + ", payload=" + payload
        + ", vector=" + Arrays.toString(vector) + "]";
  }
}
