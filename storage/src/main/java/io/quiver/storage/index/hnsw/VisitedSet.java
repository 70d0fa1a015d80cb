package io.quiver.storage.index.hnsw;

/**
 * Which nodes a search has already scored, as an epoch per node: starting a new search bumps the
 * epoch instead of clearing the array (the hnswlib trick), so a search costs nothing for the
 * nodes it never touches. Not thread-safe; one per searching thread.
 */
final class VisitedSet {
  private int[] marks = new int[0];
  private int epoch;

  /** Starts a new search over nodes below {@code capacity}. */
  void reset(int capacity) {
    if (marks.length < capacity) {
      marks = new int[Math.max(capacity, marks.length + (marks.length >> 1))];
      epoch = 0;
    }
    if (++epoch == Integer.MAX_VALUE) {
      java.util.Arrays.fill(marks, 0);
      epoch = 1;
    }
  }

  /** Marks {@code node}; true when it was not yet visited in this search. */
  boolean visit(int node) {
    if (node >= marks.length) {
      // A node added to the graph after this search started: grow rather than miss it.
      int[] grown = new int[Math.max(node + 1, marks.length * 2)];
      System.arraycopy(marks, 0, grown, 0, marks.length);
      marks = grown;
    }
    if (marks[node] == epoch) {
      return false;
    }
    marks[node] = epoch;
    return true;
  }
}
