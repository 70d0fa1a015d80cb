package io.quiver.storage.index.hnsw;

import java.util.Arrays;

/**
 * A binary heap of (distance, node) pairs packed into single longs, so that pushing and popping
 * move one primitive and compare one primitive (no objects, no comparator calls).
 *
 * <p>Packing: the high 32 bits hold the distance's float bits made order-preserving as a
 * signed int (negative floats have their magnitude bits flipped), the low 32 bits the node.
 * Ordering longs then orders by distance, and equal distances by node number. A max-heap stores
 * the bitwise complement, which reverses the order of every long.
 *
 * <p>Not thread-safe; searchers keep one per thread.
 */
final class NodeQueue {
  private final boolean max;
  private long[] heap;
  private int size;

  /** A min-heap (closest on top) when {@code max} is false, a max-heap (farthest on top) otherwise. */
  NodeQueue(int initialCapacity, boolean max) {
    this.heap = new long[Math.max(2, initialCapacity + 1)];
    this.max = max;
  }

  static long encode(float distance, int node) {
    int bits = Float.floatToRawIntBits(distance);
    int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) sortable << 32) | (node & 0xFFFFFFFFL);
  }

  static float decodeDistance(long key) {
    int sortable = (int) (key >>> 32);
    return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
  }

  static int decodeNode(long key) {
    return (int) key;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    size = 0;
  }

  void push(int node, float distance) {
    long key = encode(distance, node);
    if (max) {
      key = ~key;
    }
    if (++size == heap.length) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    int i = size;
    while (i > 1) {
      int parent = i >>> 1;
      long p = heap[parent];
      if (p <= key) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = key;
  }

  /** The top pair's packed key (for the distance: {@link #topDistance()}). */
  private long topKey() {
    return max ? ~heap[1] : heap[1];
  }

  int topNode() {
    return decodeNode(topKey());
  }

  float topDistance() {
    return decodeDistance(topKey());
  }

  /** Removes the top pair and returns its node. */
  int pop() {
    int node = topNode();
    long last = heap[size--];
    if (size > 0) {
      int i = 1;
      int half = size >>> 1;
      while (i <= half) {
        int child = i << 1;
        long c = heap[child];
        int right = child + 1;
        if (right <= size && heap[right] < c) {
          child = right;
          c = heap[right];
        }
        if (last <= c) {
          break;
        }
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return node;
  }

  /** Node at heap slot {@code i} (1-based, any order), for draining without popping. */
  int nodeAt(int i) {
    return decodeNode(max ? ~heap[i] : heap[i]);
  }

  float distanceAt(int i) {
    return decodeDistance(max ? ~heap[i] : heap[i]);
  }
}
