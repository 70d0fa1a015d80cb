package io.quiver.client;

/**
 * How a collection compares vectors, and so what a search score means.
 *
 * <p>Results are always ordered best first; equal scores are ordered by point id.
 */
public enum Metric {
  /** Cosine similarity in [-1, 1], higher is better; vectors are stored normalised. */
  COSINE,
  /** Inner product, higher is better; vectors are stored as given. */
  DOT,
  /** Squared Euclidean distance, lower is better (no square root is taken). */
  L2,
  /**
   * A metric this client version does not know, reported by a newer server. It cannot be
   * used to create a collection.
   */
  UNKNOWN
}
