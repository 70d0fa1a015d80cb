package io.quiver.storage.collection;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Who lives at which ordinal: the id and write sequence of each live ordinal, the id to
 * ordinal map, the live set that searches accept, and the free list of reusable ordinals.
 *
 * <p>An ordinal is in one of three states: free (in the free list or at/after {@link #limit}),
 * live (bound to an id), or retired (unbound, but an index still refers to it; it becomes free
 * when the index releases it).
 *
 * <p>Not thread-safe: the collection's lock guards it.
 */
final class OrdinalMap {
  private final Map<PointId, Integer> byId = new HashMap<>();
  private final BitSet live = new BitSet();
  private PointId[] ids = new PointId[1024];
  private long[] seqs = new long[1024];
  private int[] free = new int[16];
  private int freeCount;
  private int limit;

  /** The live ordinal of {@code id}, or -1. */
  int lookup(PointId id) {
    Integer o = byId.get(id);
    return o == null ? -1 : o;
  }

  /** A free ordinal, lowest-recently-freed first. */
  int allocate() {
    return freeCount > 0 ? free[--freeCount] : limit++;
  }

  /** Ordinals below this have been used. */
  int limit() {
    return limit;
  }

  /** Marks every ordinal below {@code n} as used (loading places points at saved ordinals). */
  void reserveBelow(int n) {
    limit = Math.max(limit, n);
  }

  /** Makes {@code ordinal} the live home of {@code id}. */
  void bind(int ordinal, PointId id, long seq) {
    if (ordinal >= ids.length) {
      int size = Math.max(ordinal + 1, ids.length * 2);
      ids = Arrays.copyOf(ids, size);
      seqs = Arrays.copyOf(seqs, size);
    }
    limit = Math.max(limit, ordinal + 1);
    ids[ordinal] = id;
    seqs[ordinal] = seq;
    byId.put(id, ordinal);
    live.set(ordinal);
  }

  /** Retires {@code id}'s ordinal; returns it, or -1 when the id was not live. */
  int unbind(PointId id) {
    Integer o = byId.remove(id);
    if (o == null) {
      return -1;
    }
    live.clear(o);
    ids[o] = null;
    return o;
  }

  /** Makes retired ordinals reusable. */
  void free(int[] ordinals) {
    for (int o : ordinals) {
      assert !live.get(o);
      if (freeCount == free.length) {
        free = Arrays.copyOf(free, freeCount * 2);
      }
      free[freeCount++] = o;
    }
  }

  /** After loading: every ordinal below the limit that is neither live nor in {@code keep} is free. */
  void freeUnused(BitSet keep) {
    for (int o = 0; o < limit; o++) {
      if (!live.get(o) && !keep.get(o)) {
        free(new int[] {o});
      }
    }
  }

  PointId id(int ordinal) {
    return ids[ordinal];
  }

  long seq(int ordinal) {
    return seqs[ordinal];
  }

  /** The live ordinals; read under the collection's read lock, never changed by readers. */
  BitSet live() {
    return live;
  }

  int size() {
    return byId.size();
  }

  /** Heap bytes (estimate: ~72 bytes per map entry with its boxed Integer and id). */
  long ramBytesUsed() {
    return 12L * ids.length + 72L * byId.size() + live.size() / 8 + 4L * free.length;
  }
}
