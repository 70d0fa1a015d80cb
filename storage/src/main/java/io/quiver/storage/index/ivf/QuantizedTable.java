package io.quiver.storage.index.ivf;

import io.quiver.storage.vector.VectorUtil;

/**
 * A PQ distance table quantized to unsigned bytes, the input of {@link
 * VectorUtil#pqLookupSumQuantized}: entry {@code (j, c)} is stored as {@code q = round((t - min_j)
 * / unit)}, so a code's estimated distance is {@code bias + sum of q * unit} with {@code bias =
 * sum of min_j}. One {@code unit} for all sub-quantizers (the widest sub-table spans {@code
 * levels} steps) keeps the sum a plain integer sum; {@code levels} is 255, or less when {@code m
 * * 255} would overflow the kernel's 16-bit sums.
 *
 * <p>Each entry is off by at most half a unit, so an estimate is off by at most {@code m * unit
 * / 2} (in practice about {@code sqrt(m / 12) * unit}); the scan only ranks candidates with it,
 * and the re-rank scores them exactly. FAISS's fast scan quantizes its tables the same way.
 *
 * <p>Not thread-safe: one per search scratch.
 */
final class QuantizedTable {
  private byte[] entries = new byte[0];
  private float[] mins = new float[0];
  private float unit;
  private float bias;

  /** Quantizes the first {@code m * 256} entries of {@code table}. */
  void quantize(float[] table, int m) {
    int size = m * 256;
    if (entries.length < size) {
      entries = new byte[size];
      mins = new float[m];
    }
    int levels = Math.min(255, 0xFFFF / Math.max(1, m));
    unit = VectorUtil.pqQuantizeTable(table, m, levels, mins, entries);
    double sumOfMins = 0;
    for (int j = 0; j < m; j++) {
      sumOfMins += mins[j];
    }
    bias = (float) sumOfMins;
  }

  byte[] entries() {
    return entries;
  }

  /** The estimated distance of a code whose quantized sum is {@code sum}, plus {@code base}. */
  float estimate(float base, int sum) {
    return base + bias + sum * unit;
  }

  /**
   * The largest sum whose estimate (plus {@code base}) can be below {@code threshold}, for the
   * kernel's mask: a superset, since the caller compares the float estimate again; -1 when no
   * code can get below it.
   */
  int maxSumBelow(float base, float threshold) {
    float room = threshold - base - bias;
    if (!(room > 0f)) {
      return -1;
    }
    if (unit == 0f || room == Float.POSITIVE_INFINITY) {
      return 0xFFFF;
    }
    // One step of slack: the caller's float estimate rounds, and may fall just under the
    // threshold for the sum one past the exact quotient.
    return (int) Math.min(0xFFFF, Math.floor(room / unit) + 1);
  }
}
