package io.quiver.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the runner's CSV: one search setting (and, for filtered runs, one selectivity
 * bucket) of one index on one dataset. Immutable.
 *
 * @param peer the system measured; {@code quiver} for this runner
 * @param version its version
 * @param index index kind, e.g. {@code FLAT}, {@code HNSW}
 * @param params index build parameters, e.g. {@code m=16,ef_construction=200}; empty for none
 * @param buildSeconds load plus index build, wall time
 * @param memMb the index's reported memory, MiB
 * @param threads client threads sharing the queries
 * @param searchParam the sweep point, e.g. {@code ef=64}
 * @param selectivity filtered runs: mean selectivity of the bucket's filters; else null
 * @param nq filtered runs: queries in the bucket; else the number of queries
 * @param recall mean recall@k
 * @param qps queries per second of the timed pass
 * @param p50Ms median latency, milliseconds
 * @param p99Ms 99th percentile latency, milliseconds
 */
public record ResultRow(String peer, String version, String index, String params,
    double buildSeconds, double memMb, int threads, String searchParam, String selectivity,
    int nq, double recall, double qps, double p50Ms, double p99Ms) {

  /** The header of an unfiltered run (a contract: tools and peers read these names). */
  public static final List<String> HEADER = List.of("peer", "version", "index", "params",
      "build_s", "mem_mb", "threads", "search_param", "recall_at_10", "qps", "p50_ms", "p99_ms");

  /** The header of a filtered run: {@code selectivity,nq} follow {@code search_param}. */
  public static final List<String> FILTERED_HEADER;

  static {
    List<String> h = new ArrayList<>(HEADER);
    h.addAll(h.indexOf("search_param") + 1, List.of("selectivity", "nq"));
    FILTERED_HEADER = List.copyOf(h);
  }

  /** The header for a run of this kind. */
  public static List<String> header(boolean filtered) {
    return filtered ? FILTERED_HEADER : HEADER;
  }

  /** The row's cells, in {@link #header} order, formatted as the peers' harness does. */
  public List<String> cells(boolean filtered) {
    List<String> c = new ArrayList<>(List.of(peer, version, index, params,
        fmt("%.3f", buildSeconds), fmt("%.1f", memMb), Integer.toString(threads), searchParam));
    if (filtered) {
      c.add(selectivity == null ? "" : selectivity);
      c.add(Integer.toString(nq));
    }
    c.addAll(List.of(fmt("%.4f", recall), fmt("%.1f", qps), fmt("%.3f", p50Ms), fmt("%.3f", p99Ms)));
    return c;
  }

  private static String fmt(String format, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
  }
}
