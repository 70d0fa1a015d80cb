package io.quiver.storage.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the {@code k} best (ordinal, score) pairs seen, in a binary heap over two parallel
 * primitive arrays with the worst kept pair at the root, so a candidate that cannot enter
 * costs one comparison.
 *
 * <p>"Better" follows the metric ({@code higherIsBetter}); equal scores are broken by the
 * caller's {@link TieBreaker} (Quiver orders ties by point id, smaller first), so results
 * are deterministic. Not thread-safe.
 */
public final class TopKCollector {
  /** Orders two ordinals whose scores are equal; negative when {@code a} ranks first. */
  @FunctionalInterface
  public interface TieBreaker {
    int compare(int ordinalA, int ordinalB);
  }

  private final int k;
  private final boolean higherIsBetter;
  private final TieBreaker ties;
  private final float[] scores;
  private final int[] ordinals;
  private int size;

  public TopKCollector(int k, boolean higherIsBetter, TieBreaker ties) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.k = k;
    this.higherIsBetter = higherIsBetter;
    this.ties = ties;
    this.scores = new float[k];
    this.ordinals = new int[k];
  }

  /** True when (sa, oa) ranks strictly after (sb, ob). */
  private boolean worse(float sa, int oa, float sb, int ob) {
    if (sa != sb) {
      return higherIsBetter ? sa < sb : sa > sb;
    }
    return ties.compare(oa, ob) > 0;
  }

  /** Whether the collector holds {@code k} pairs. */
  public boolean full() {
    return size == k;
  }

  /** The worst kept score; only meaningful when {@link #full()}. */
  public float worstScore() {
    return scores[0];
  }

  /** Offers a candidate; returns whether it was kept. */
  public boolean offer(int ordinal, float score) {
    if (size < k) {
      scores[size] = score;
      ordinals[size] = ordinal;
      siftUp(size++);
      return true;
    }
    if (!worse(scores[0], ordinals[0], score, ordinal)) {
      return false;
    }
    scores[0] = score;
    ordinals[0] = ordinal;
    siftDown(0);
    return true;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(scores[i], ordinals[i], scores[parent], ordinals[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int right = left + 1;
      int worst = left;
      if (right < size && worse(scores[right], ordinals[right], scores[left], ordinals[left])) {
        worst = right;
      }
      if (!worse(scores[worst], ordinals[worst], scores[i], ordinals[i])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int o = ordinals[a];
    ordinals[a] = ordinals[b];
    ordinals[b] = o;
  }

  /** The kept pairs, best first. Empties the collector. */
  public List<SearchHit> drainBestFirst() {
    SearchHit[] out = new SearchHit[size];
    for (int i = size - 1; i >= 0; i--) {
      out[i] = new SearchHit(ordinals[0], scores[0]);
      size--;
      if (size > 0) {
        scores[0] = scores[size];
        ordinals[0] = ordinals[size];
        siftDown(0);
      }
    }
    return new ArrayList<>(List.of(out));
  }
}
