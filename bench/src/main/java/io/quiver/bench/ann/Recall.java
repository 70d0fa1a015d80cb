package io.quiver.bench.ann;

/**
 * Recall@k: the fraction of the true top-k neighbours that a search returned among its top k.
 * Ties are not special-cased (a returned vector at the same distance as a true neighbour but
 * with another id counts as a miss), as in ann-benchmarks' plain recall. Stateless.
 */
public final class Recall {
  private Recall() {}

  /**
   * Recall@k of one result list. Negative truth ids are padding and are skipped; when the
   * truth has fewer than {@code k} ids, the denominator is how many it has.
   *
   * @param result returned ids, best first (only the first {@code k} count)
   * @param truth exact neighbour ids, nearest first (only the first {@code k} count)
   * @return hits / min(k, |truth|), or NaN when the truth is empty
   */
  public static double atK(int[] result, int[] truth, int k) {
    int depth = Math.min(k, truth.length);
    int wanted = 0;
    for (int i = 0; i < depth; i++) {
      if (truth[i] >= 0) {
        wanted++;
      }
    }
    if (wanted == 0) {
      return Double.NaN;
    }
    int n = Math.min(k, result.length);
    int hits = 0;
    for (int i = 0; i < n; i++) {
      int id = result[i];
      if (id < 0 || seenBefore(result, i)) {
        continue;
      }
      for (int j = 0; j < depth; j++) {
        if (truth[j] == id) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / wanted;
  }

  // k is small (10 by default, 1000 at most), so quadratic scans beat building sets.
  private static boolean seenBefore(int[] ids, int i) {
    for (int j = 0; j < i; j++) {
      if (ids[j] == ids[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Mean recall@k over queries; queries whose truth is empty are left out of the mean.
   *
   * @param truthRows {@code truthRows[i]} is the truth of {@code results[i]}
   */
  public static double mean(int[][] results, int[][] truthRows, int k) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < results.length; i++) {
      double r = atK(results[i], truthRows[i], k);
      if (!Double.isNaN(r)) {
        sum += r;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
