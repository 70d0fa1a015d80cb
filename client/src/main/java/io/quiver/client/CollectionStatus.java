package io.quiver.client;

/** Whether a collection can serve requests. */
public enum CollectionStatus {
  /** Loaded and searchable. */
  READY,
  /** Being loaded or indexed; searches still answer, possibly more slowly. */
  INDEXING,
  /** A status this client version does not know, or none reported. */
  UNKNOWN
}
