package io.quiver.storage.index.ivf;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The inverted lists of an IVF-PQ index in flat primitive arrays: list {@code l} holds
 * {@code size(l)} entries, entry {@code i} being the PQ code at {@code codes(l)[i * m ..
 * (i + 1) * m)} of the vector at ordinal {@code ordinals(l)[i]}. Arrays grow by half when
 * full, so a list costs {@code m + 4} bytes per entry plus at most half again as slack.
 *
 * <p>Not thread-safe: {@link IvfPqIndex} guards it with its lists lock.
 */
final class InvertedLists {
  private final int m;
  private final byte[][] codes;
  private final int[][] ordinals;
  private final int[] sizes;
  private long total;

  InvertedLists(int nlist, int m) {
    this.m = m;
    this.codes = new byte[nlist][];
    this.ordinals = new int[nlist][];
    this.sizes = new int[nlist];
    for (int l = 0; l < nlist; l++) {
      codes[l] = new byte[0];
      ordinals[l] = new int[0];
    }
  }

  int nlist() {
    return sizes.length;
  }

  int m() {
    return m;
  }

  int size(int list) {
    return sizes[list];
  }

  byte[] codes(int list) {
    return codes[list];
  }

  int[] ordinals(int list) {
    return ordinals[list];
  }

  /** Entries in all lists. */
  long total() {
    return total;
  }

  /** Appends {@code code[codeOffset .. codeOffset + m)} for {@code ordinal} to {@code list}. */
  void append(int list, int ordinal, byte[] code, int codeOffset) {
    int n = sizes[list];
    if (n == ordinals[list].length) {
      int grown = Math.max(8, n + (n >> 1));
      ordinals[list] = Arrays.copyOf(ordinals[list], grown);
      codes[list] = Arrays.copyOf(codes[list], grown * m);
    }
    ordinals[list][n] = ordinal;
    System.arraycopy(code, codeOffset, codes[list], n * m, m);
    sizes[list] = n + 1;
    total++;
  }

  /** Removes every entry whose ordinal is in {@code drop}, keeping the order of the rest. Returns how many went. */
  int removeAll(BitSet drop) {
    int removed = 0;
    for (int l = 0; l < sizes.length; l++) {
      int n = sizes[l];
      int[] ords = ordinals[l];
      byte[] cs = codes[l];
      int w = 0;
      for (int i = 0; i < n; i++) {
        if (drop.get(ords[i])) {
          continue;
        }
        if (w != i) {
          ords[w] = ords[i];
          System.arraycopy(cs, i * m, cs, w * m, m);
        }
        w++;
      }
      removed += n - w;
      sizes[l] = w;
      if (w < ords.length / 4 && ords.length > 64) {
        ordinals[l] = Arrays.copyOf(ords, Math.max(8, w + (w >> 1)));
        codes[l] = Arrays.copyOf(cs, ordinals[l].length * m);
      }
    }
    total -= removed;
    return removed;
  }

  /** Largest list size. */
  int maxSize() {
    int max = 0;
    for (int s : sizes) {
      max = Math.max(max, s);
    }
    return max;
  }

  /** Heap bytes of the arrays (capacity, slack included). */
  long ramBytesUsed() {
    long bytes = 16L * 3 + 12L * sizes.length;
    for (int l = 0; l < sizes.length; l++) {
      bytes += 32 + codes[l].length + 4L * ordinals[l].length;
    }
    return bytes;
  }
}
