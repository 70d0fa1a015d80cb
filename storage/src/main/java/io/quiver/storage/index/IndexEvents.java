package io.quiver.storage.index;

/**
 * Where an index reports its background work (for metrics): what it did, to how many nodes,
 * and how long it took. Called on the index's own threads; implementations must be
 * thread-safe and quick.
 */
@FunctionalInterface
public interface IndexEvents {
  /** Linking one vector into a graph. */
  String LINK = "link";
  /** Re-linking the graph around removed nodes; items = nodes removed. */
  String CONSOLIDATE = "consolidate";
  /** Writing the index file; items = nodes saved. */
  String SAVE = "save";
  /** Reading the index file at start-up; items = nodes reused. */
  String LOAD = "load";

  void onWork(String operation, int items, long nanos);

  /** Reports nothing. */
  IndexEvents NONE = (operation, items, nanos) -> {};
}
