package io.quiver.storage.index.hnsw;

import java.util.Arrays;

/**
 * The HNSW graph's links, in flat primitive arrays.
 *
 * <p>Layout. Nodes are the collection's ordinals, grouped in chunks of {@value #CHUNK} nodes so
 * that growth never copies existing links:
 * <ul>
 *   <li>{@code levels[c][i]}: the top level of node {@code c*CHUNK+i}, or -1 when the node is
 *       not in the graph (a byte: levels above 127 never happen with M &ge; 2).
 *   <li>{@code level0[c]}: an {@code int[CHUNK * (m0 + 1)]}; node {@code i}'s level-0 list
 *       starts at {@code i * (m0 + 1)}: first the neighbour count, then up to {@code m0} node
 *       numbers (the hnswlib layout: one cache line or two per list at M=16).
 *   <li>{@code upper[c][i]}: for a node whose level is &ge; 1, an {@code int[level * (m + 1)]}
 *       holding its lists for levels 1..level, each a count followed by up to {@code m}
 *       nodes; null for level-0 nodes (most of them: a fraction 1 - 1/M).
 * </ul>
 *
 * <p>Concurrency. Writers change a node's lists only while holding {@link #lock(int)}'s
 * monitor and write the neighbours before the count. Readers take no lock: a read racing a
 * write may see a mix of old and new neighbours, but every value it can see is a node number
 * that was in the graph, which is all a best-first search needs. The chunk directories are
 * replaced (never changed in place) when the graph grows, under {@code growLock}.
 * The entry point and top level change together under {@code entryLock}, published as one
 * volatile long.
 */
final class HnswGraph {
  static final int CHUNK_SHIFT = 12;
  static final int CHUNK = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK - 1;
  private static final int LOCK_STRIPES = 1 << 12;

  final int m;
  final int m0;
  private final int stride0;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object growLock = new Object();
  final Object entryLock = new Object();

  private volatile byte[][] levels = new byte[0][];
  private volatile int[][] level0 = new int[0][];
  private volatile int[][][] upper = new int[0][][];
  /** (topLevel << 32) | entryNode, or -1 for an empty graph. */
  private volatile long entry = -1;

  HnswGraph(int m) {
    this.m = m;
    this.m0 = 2 * m;
    this.stride0 = m0 + 1;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** The monitor guarding writes to {@code node}'s lists. */
  Object lock(int node) {
    return locks[node & (LOCK_STRIPES - 1)];
  }

  /** Number of node slots with storage. */
  int capacity() {
    return levels.length << CHUNK_SHIFT;
  }

  void ensureCapacity(int nodes) {
    if (nodes <= capacity()) {
      return;
    }
    synchronized (growLock) {
      int have = levels.length;
      int need = (nodes + CHUNK_MASK) >>> CHUNK_SHIFT;
      if (need <= have) {
        return;
      }
      int chunks = Math.max(need, have + (have >> 1));
      byte[][] lv = Arrays.copyOf(levels, chunks);
      int[][] l0 = Arrays.copyOf(level0, chunks);
      int[][][] up = Arrays.copyOf(upper, chunks);
      for (int c = have; c < chunks; c++) {
        lv[c] = new byte[CHUNK];
        Arrays.fill(lv[c], (byte) -1);
        l0[c] = new int[CHUNK * stride0];
        up[c] = new int[CHUNK][];
      }
      // Publish the bigger arrays first: a reader that sees a level >= 0 must find the lists.
      level0 = l0;
      upper = up;
      levels = lv;
    }
  }

  /** The top level of {@code node}, or -1 when it is not in the graph. */
  int level(int node) {
    byte[][] lv = levels;
    int c = node >>> CHUNK_SHIFT;
    return c < lv.length ? lv[c][node & CHUNK_MASK] : -1;
  }

  /** The array holding {@code node}'s list at {@code level}; read from {@link #listStart}. */
  int[] listArray(int node, int level) {
    if (level == 0) {
      return level0[node >>> CHUNK_SHIFT];
    }
    return upper[node >>> CHUNK_SHIFT][node & CHUNK_MASK];
  }

  /** Offset of the count of {@code node}'s list at {@code level} in {@link #listArray}. */
  int listStart(int node, int level) {
    return level == 0 ? (node & CHUNK_MASK) * stride0 : (level - 1) * (m + 1);
  }

  /** Most neighbours a node keeps at {@code level}. */
  int maxNeighbors(int level) {
    return level == 0 ? m0 : m;
  }

  /**
   * Makes {@code node} a graph node with empty lists up to {@code level}. Its lists are
   * allocated before its level is published, so a reader that sees the level finds them.
   * Caller holds the node's lock.
   */
  void initNode(int node, int level) {
    ensureCapacity(node + 1);
    int c = node >>> CHUNK_SHIFT;
    int i = node & CHUNK_MASK;
    level0[c][i * stride0] = 0;
    upper[c][i] = level == 0 ? null : new int[level * (m + 1)];
    levels[c][i] = (byte) level;
  }

  /** Takes {@code node} out of the graph (its slot may be reused). Caller holds its lock. */
  void removeNode(int node) {
    int c = node >>> CHUNK_SHIFT;
    if (c >= levels.length) {
      return;
    }
    int i = node & CHUNK_MASK;
    levels[c][i] = -1;
    level0[c][i * stride0] = 0;
    upper[c][i] = null;
  }

  /** Replaces {@code node}'s list at {@code level} with {@code count} nodes. Caller holds its lock. */
  void setNeighbors(int node, int level, int[] nodes, int count) {
    int[] arr = listArray(node, level);
    int start = listStart(node, level);
    System.arraycopy(nodes, 0, arr, start + 1, count);
    arr[start] = count;
  }

  /** Copies {@code node}'s list at {@code level} into {@code out}; returns the count. */
  int copyNeighbors(int node, int level, int[] out) {
    int[] arr = listArray(node, level);
    if (arr == null) {
      return 0;
    }
    int start = listStart(node, level);
    int count = Math.min(arr[start], maxNeighbors(level));
    System.arraycopy(arr, start + 1, out, 0, count);
    return count;
  }

  /** The packed entry: {@code (topLevel << 32) | node}, or -1 when empty. */
  long entry() {
    return entry;
  }

  /** Sets the entry point. Caller holds {@link #entryLock}. */
  void setEntry(int node, int topLevel) {
    entry = node < 0 ? -1 : ((long) topLevel << 32) | (node & 0xFFFFFFFFL);
  }

  static int entryNode(long packed) {
    return (int) packed;
  }

  static int entryLevel(long packed) {
    return (int) (packed >>> 32);
  }

  /** Heap bytes of the link arrays. */
  long ramBytesUsed() {
    long bytes = 0;
    int[][][] up = upper;
    for (int c = 0; c < up.length; c++) {
      bytes += CHUNK + 16 + (long) CHUNK * stride0 * 4 + 16 + (long) CHUNK * 8 + 16;
      for (int[] u : up[c]) {
        if (u != null) {
          bytes += 16 + 4L * u.length;
        }
      }
    }
    return bytes;
  }
}
