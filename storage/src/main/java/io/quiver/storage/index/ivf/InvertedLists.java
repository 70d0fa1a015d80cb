package io.quiver.storage.index.ivf;

import io.quiver.storage.vector.VectorUtil;
import io.quiver.storage.vector.VectorUtilSupport;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The inverted lists of an IVF-PQ index in flat primitive arrays: list {@code l} holds
 * {@code size(l)} entries, entry {@code i} being the vector at ordinal {@code ordinals(l)[i]}
 * and its PQ code in {@code codes(l)}.
 *
 * <p>Codes are interleaved in blocks of {@value #BLOCK} entries (the layout of {@link
 * VectorUtil#pqLookupSumInterleaved}): entry {@code i} lies in block {@code b = i / BLOCK} at
 * lane {@code k = i % BLOCK}, and its byte {@code j} is at {@code codes(l)[b * BLOCK * m + j *
 * BLOCK + k]}. The scan then scores a whole block with one SIMD lane per entry, each lane
 * adding up its entry's {@code m} table entries in order, instead of one entry at a time with
 * a horizontal sum. Lanes past the list's size in its last block hold stale or zero bytes;
 * their scores are computed and ignored.
 *
 * <p>Arrays grow by a sixteenth when full (in whole blocks), so a list costs {@code m + 4}
 * bytes per entry plus at most a sixteenth of that and one block as slack: within the {@code
 * m + 16} bytes per vector the index may use for any m up to 188. Each entry is copied about
 * sixteen times over its life by the growth, which appends (rarer than scans) can afford.
 *
 * <p>Not thread-safe: {@link IvfPqIndex} guards it with its lists lock.
 */
final class InvertedLists {
  /** Entries per interleaved code block. */
  static final int BLOCK = VectorUtilSupport.PQ_BLOCK;

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

  /** The interleaved code blocks of {@code list}; block {@code b} starts at {@code b * BLOCK * m}. */
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

  /** Copies entry {@code i}'s code of {@code list} to {@code out[outOffset .. outOffset + m)}. */
  void code(int list, int i, byte[] out, int outOffset) {
    byte[] cs = codes[list];
    int at = position(i);
    for (int j = 0; j < m; j++) {
      out[outOffset + j] = cs[at + j * BLOCK];
    }
  }

  /** Appends {@code code[codeOffset .. codeOffset + m)} for {@code ordinal} to {@code list}. */
  void append(int list, int ordinal, byte[] code, int codeOffset) {
    int n = sizes[list];
    if (n == ordinals[list].length) {
      int grown = roundUpToBlock(Math.max(BLOCK, n + (n >> 4)));
      ordinals[list] = Arrays.copyOf(ordinals[list], grown);
      codes[list] = Arrays.copyOf(codes[list], grown * m);
    }
    ordinals[list][n] = ordinal;
    byte[] cs = codes[list];
    int at = position(n);
    for (int j = 0; j < m; j++) {
      cs[at + j * BLOCK] = code[codeOffset + j];
    }
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
          int from = position(i);
          int to = position(w);
          for (int j = 0; j < m; j++) {
            cs[to + j * BLOCK] = cs[from + j * BLOCK];
          }
        }
        w++;
      }
      removed += n - w;
      sizes[l] = w;
      if (w < ords.length / 4 && ords.length > 64) {
        ordinals[l] = Arrays.copyOf(ords, roundUpToBlock(Math.max(BLOCK, w + (w >> 4))));
        codes[l] = Arrays.copyOf(cs, ordinals[l].length * m);
      }
    }
    total -= removed;
    return removed;
  }

  /** Index in a list's codes of byte 0 of entry {@code i} (byte j is {@code j * BLOCK} further). */
  private int position(int i) {
    return (i / BLOCK) * BLOCK * m + i % BLOCK;
  }

  private static int roundUpToBlock(int entries) {
    return (entries + BLOCK - 1) / BLOCK * BLOCK;
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
