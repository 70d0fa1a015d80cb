package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.vector.VectorSimilarity;
import io.quiver.storage.vector.VectorUtil;

/** Checks user vectors at the engine's edge and prepares them for storage. Thread-safe (stateless). */
final class VectorChecks {
  private VectorChecks() {}

  /**
   * Throws INVALID_ARGUMENT unless {@code v} has {@code dimension} finite components; returns
   * the vector to store or compare with (a unit-length copy for COSINE, else {@code v}).
   */
  static float[] checkAndPrepare(float[] v, int dimension, VectorSimilarity metric, String field) {
    if (v == null || v.length == 0) {
      throw StorageException.invalid(field + ": vector is empty; expected dimension " + dimension);
    }
    if (v.length != dimension) {
      throw StorageException.invalid(field + ": dimension mismatch: expected " + dimension
          + ", got " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw StorageException.invalid(field + "[" + i + "]: components must be finite, got " + v[i]);
      }
    }
    if (!metric.normalizes()) {
      return v;
    }
    float norm = VectorUtil.norm(v);
    if (norm == 0f || !Float.isFinite(norm)) {
      throw StorageException.invalid(field + ": cannot normalise a vector of norm " + norm
          + " for COSINE");
    }
    float[] unit = new float[v.length];
    float inv = 1f / norm;
    for (int i = 0; i < v.length; i++) {
      unit[i] = v[i] * inv;
    }
    return unit;
  }
}
