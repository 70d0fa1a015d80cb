package io.quiver.storage.index.ivf;

/**
 * The {@code capacity} smallest (distance, ordinal) pairs offered, in a binary max-heap over
 * two parallel primitive arrays, so that a candidate that cannot enter costs one comparison
 * against {@link #threshold()}. Equal distances keep the pair offered first. Not thread-safe.
 */
final class CandidateQueue {
  private float[] distances = new float[16];
  private int[] ordinals = new int[16];
  private int capacity;
  private int size;

  /** Empties the queue and sets how many pairs it keeps. */
  void reset(int capacity) {
    this.capacity = capacity;
    this.size = 0;
    if (distances.length < capacity) {
      distances = new float[capacity];
      ordinals = new int[capacity];
    }
  }

  int size() {
    return size;
  }

  /** Offers below this distance may enter. */
  float threshold() {
    return size < capacity ? Float.POSITIVE_INFINITY : distances[0];
  }

  /** Adds a pair whose distance is below {@link #threshold()}. */
  void push(float distance, int ordinal) {
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (distances[parent] >= distance) {
          break;
        }
        distances[i] = distances[parent];
        ordinals[i] = ordinals[parent];
        i = parent;
      }
      distances[i] = distance;
      ordinals[i] = ordinal;
      return;
    }
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        break;
      }
      int right = left + 1;
      int bigger = right < size && distances[right] > distances[left] ? right : left;
      if (distances[bigger] <= distance) {
        break;
      }
      distances[i] = distances[bigger];
      ordinals[i] = ordinals[bigger];
      i = bigger;
    }
    distances[i] = distance;
    ordinals[i] = ordinal;
  }

  /** The ordinal of entry {@code i} (heap order, {@code 0 <= i < size}). */
  int ordinalAt(int i) {
    return ordinals[i];
  }
}
