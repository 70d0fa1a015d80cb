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
  /** Re-linking the graph around removed nodes, or compacting IVF lists; items = nodes removed. */
  String CONSOLIDATE = "consolidate";
  /** Writing the index file; items = nodes saved. */
  String SAVE = "save";
  /** Reading the index file at start-up; items = nodes reused. */
  String LOAD = "load";
  /** Training quantizers (IVF-PQ k-means and product quantizer); items = training points. */
  String TRAIN = "train";
  /** Encoding vectors into an IVF-PQ index's lists; items = vectors encoded. */
  String ENCODE = "encode";

  void onWork(String operation, int items, long nanos);

  /** Reports nothing. */
  IndexEvents NONE = (operation, items, nanos) -> {};
}
