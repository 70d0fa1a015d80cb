package io.quiver.bench.ann;

import java.util.Arrays;

/**
 * Percentiles of per-query latencies, by the nearest-rank method on the sorted sample (p99 of
 * 1000 queries is the 990th fastest). Immutable.
 *
 * @param p50Ms median, milliseconds
 * @param p99Ms 99th percentile, milliseconds
 */
public record Latencies(double p50Ms, double p99Ms) {
  /** Summarises {@code nanos} (not modified). */
  public static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(Double.NaN, Double.NaN);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
  }

  /** The nearest-rank {@code p}th percentile of an ascending array. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
