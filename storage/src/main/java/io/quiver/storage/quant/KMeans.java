package io.quiver.storage.quant;

import io.quiver.storage.vector.VectorUtil;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Lloyd's k-means in Euclidean distance over {@code n} row-major vectors.
 *
 * <p>Each iteration assigns every point to its nearest centroid (in parallel over chunks of
 * points, through {@link CentroidTable}) and moves every centroid to the mean of its points
 * (in parallel over ranges of centroids, so no per-thread copy of the sums is needed). The
 * objective (sum of squared distances to the assigned centroid) is recorded at each assignment
 * step; Lloyd's algorithm never increases it. A centroid left with no point is <em>split</em>
 * off the largest cluster (FAISS's rule): it takes a copy of that centroid, both are nudged in
 * opposite directions by a relative 1/1024, and they share its points at the next assignment.
 * Iterations stop at {@code maxIterations} or when the objective improves by less than
 * {@link #TOLERANCE} (relative).
 *
 * <p>Initialisation: {@link Init#RANDOM} takes {@code k} distinct random points (FAISS's
 * default); {@link Init#KMEANS_PLUS_PLUS} picks each next centroid with probability
 * proportional to the squared distance to the nearest one chosen, on a random subsample of
 * at most {@code max(4096, 8k)} points (its cost is {@code k} passes over the subsample).
 *
 * <p>Stateless; thread-safe.
 */
public final class KMeans {
  /** Relative objective improvement below which the iterations stop. */
  public static final double TOLERANCE = 1e-4;

  /** How the first centroids are chosen. */
  public enum Init { RANDOM, KMEANS_PLUS_PLUS }

  /**
   * Trained centroids.
   *
   * @param centroids {@code k * dimension} floats, row-major
   * @param objectives the objective at each assignment step, in order
   * @param splits how many empty clusters were split
   */
  public record Result(float[] centroids, int k, int dimension, double[] objectives, int splits) {}

  private KMeans() {}

  /**
   * Clusters {@code data[0 .. n * dim)} into {@code k} centroids. With {@code n <= k} every
   * point becomes a centroid (cycled to fill {@code k}). {@code cancelled} is polled once per
   * iteration; when it says true, a {@link CancellationException} is thrown.
   */
  public static Result train(float[] data, int n, int dim, int k, int maxIterations, Init init, long seed,
      Parallel parallel, BooleanSupplier cancelled) {
    if (n < 1 || k < 1 || dim < 1 || (long) n * dim > data.length) {
      throw new IllegalArgumentException("k-means: bad sizes n=" + n + " dim=" + dim + " k=" + k);
    }
    float[] centroids = new float[k * dim];
    if (n <= k) {
      for (int c = 0; c < k; c++) {
        System.arraycopy(data, (c % n) * dim, centroids, c * dim, dim);
      }
      return new Result(centroids, k, dim, new double[0], 0);
    }
    SplittableRandom random = new SplittableRandom(seed);
    if (init == Init.KMEANS_PLUS_PLUS) {
      plusPlus(data, n, dim, k, random, parallel, centroids);
    } else {
      int[] picks = sample(n, k, random);
      for (int c = 0; c < k; c++) {
        System.arraycopy(data, picks[c] * dim, centroids, c * dim, dim);
      }
    }
    int[] assign = new int[n];
    float[] dist = new float[n];
    int[] counts = new int[k];
    double[] objectives = new double[maxIterations];
    int iterations = 0;
    int splits = 0;
    int chunks = Math.max(1, Math.min(n / 256, parallel.threads() * 4));
    for (int it = 0; it < maxIterations; it++) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("k-means cancelled");
      }
      CentroidTable table = new CentroidTable(centroids, 0, k, dim);
      parallel.forEach(chunks, chunk -> {
        CentroidTable.Scratch s = table.newScratch();
        int from = (int) ((long) n * chunk / chunks);
        int to = (int) ((long) n * (chunk + 1) / chunks);
        for (int i = from; i < to; i++) {
          assign[i] = table.nearest(data, i * dim, s);
          float d = s.bestPartial() + squareNorm(data, i * dim, dim);
          dist[i] = Math.max(0f, d);
        }
      });
      double objective = 0;
      for (int i = 0; i < n; i++) {
        objective += dist[i];
      }
      objectives[iterations++] = objective;
      boolean last = it == maxIterations - 1
          || (iterations > 1 && objectives[iterations - 2] - objective <= TOLERANCE * objectives[iterations - 2]);
      if (last) {
        break;
      }
      // Update: ranges of centroids in parallel; each range scans all assignments.
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[assign[i]]++;
      }
      int ranges = Math.max(1, Math.min(k / 8, parallel.threads() * 2));
      parallel.forEach(ranges, r -> {
        int from = (int) ((long) k * r / ranges);
        int to = (int) ((long) k * (r + 1) / ranges);
        double[] sums = new double[(to - from) * dim];
        for (int i = 0; i < n; i++) {
          int c = assign[i];
          if (c >= from && c < to) {
            int so = (c - from) * dim;
            int xo = i * dim;
            for (int t = 0; t < dim; t++) {
              sums[so + t] += data[xo + t];
            }
          }
        }
        for (int c = from; c < to; c++) {
          if (counts[c] > 0) {
            double inv = 1.0 / counts[c];
            for (int t = 0; t < dim; t++) {
              centroids[c * dim + t] = (float) (sums[(c - from) * dim + t] * inv);
            }
          }
        }
      });
      splits += splitEmpty(centroids, counts, k, dim);
    }
    return new Result(centroids, k, dim, Arrays.copyOf(objectives, iterations), splits);
  }

  /** Gives each empty cluster half of the largest one; returns how many were split. */
  static int splitEmpty(float[] centroids, int[] counts, int k, int dim) {
    final float eps = 1f / 1024;
    int splits = 0;
    for (int ci = 0; ci < k; ci++) {
      if (counts[ci] != 0) {
        continue;
      }
      int cj = 0;
      for (int c = 1; c < k; c++) {
        if (counts[c] > counts[cj]) {
          cj = c;
        }
      }
      if (counts[cj] < 2) {
        break; // nothing left to split (fewer distinct points than clusters)
      }
      System.arraycopy(centroids, cj * dim, centroids, ci * dim, dim);
      for (int t = 0; t < dim; t++) {
        float sign = (t % 2 == 0) ? 1f : -1f;
        centroids[ci * dim + t] *= 1 + sign * eps;
        centroids[cj * dim + t] *= 1 - sign * eps;
      }
      counts[ci] = counts[cj] / 2;
      counts[cj] -= counts[ci];
      splits++;
    }
    return splits;
  }

  private static float squareNorm(float[] a, int offset, int dim) {
    float s = 0;
    for (int t = 0; t < dim; t++) {
      s += a[offset + t] * a[offset + t];
    }
    return s;
  }

  /** {@code k} distinct numbers below {@code n} (a partial Fisher-Yates shuffle). */
  static int[] sample(int n, int k, SplittableRandom random) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    return Arrays.copyOf(all, k);
  }

  private static void plusPlus(float[] data, int n, int dim, int k, SplittableRandom random, Parallel parallel,
      float[] centroids) {
    int s = Math.min(n, Math.max(4096, 8 * k));
    int[] rows = s == n ? null : sample(n, s, random);
    float[] best = new float[s];
    Arrays.fill(best, Float.POSITIVE_INFINITY);
    int first = random.nextInt(s);
    System.arraycopy(data, row(rows, first) * dim, centroids, 0, dim);
    int chunks = Math.max(1, Math.min(s / 512, parallel.threads() * 4));
    for (int c = 1; c <= k; c++) {
      int prev = c - 1;
      parallel.forEach(chunks, chunk -> {
        int from = (int) ((long) s * chunk / chunks);
        int to = (int) ((long) s * (chunk + 1) / chunks);
        for (int i = from; i < to; i++) {
          float d = VectorUtil.squareDistance(data, row(rows, i) * dim, centroids, prev * dim, dim);
          if (d < best[i]) {
            best[i] = d;
          }
        }
      });
      if (c == k) {
        break;
      }
      double total = 0;
      for (int i = 0; i < s; i++) {
        total += best[i];
      }
      int pick;
      if (total <= 0) {
        pick = random.nextInt(s);
      } else {
        double r = random.nextDouble() * total;
        pick = s - 1;
        for (int i = 0; i < s; i++) {
          r -= best[i];
          if (r < 0) {
            pick = i;
            break;
          }
        }
      }
      System.arraycopy(data, row(rows, pick) * dim, centroids, c * dim, dim);
    }
  }

  private static int row(int[] rows, int i) {
    return rows == null ? i : rows[i];
  }
}
