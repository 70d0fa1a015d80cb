package io.quiver.storage.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.collection.ClusteredData;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

class KMeansTest {
  static float[] clustered(long seed, int n, int dim) {
    ClusteredData data = new ClusteredData(seed, 40, dim);
    float[] out = new float[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(data.next(), 0, out, i * dim, dim);
    }
    return out;
  }

  @Test
  void objectiveNeverIncreasesAndDropsOverall() {
    int n = 6000;
    int dim = 16;
    float[] data = clustered(1, n, dim);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (KMeans.Init init : KMeans.Init.values()) {
        KMeans.Result r = KMeans.train(data, n, dim, 64, 25, init, 7, new Parallel(pool, 2), () -> false);
        double[] obj = r.objectives();
        assertThat(obj.length).isGreaterThan(2);
        for (int i = 1; i < obj.length; i++) {
          assertThat(obj[i]).as("%s iteration %d", init, i).isLessThanOrEqualTo(obj[i - 1] * (1 + 1e-6));
        }
        assertThat(obj[obj.length - 1]).isLessThan(obj[0]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parallelAndSerialGiveTheSameCentroids() {
    int n = 3000;
    int dim = 8;
    float[] data = clustered(2, n, dim);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      KMeans.Result a = KMeans.train(data, n, dim, 32, 10, KMeans.Init.KMEANS_PLUS_PLUS, 3, Parallel.SERIAL, () -> false);
      KMeans.Result b = KMeans.train(data, n, dim, 32, 10, KMeans.Init.KMEANS_PLUS_PLUS, 3, new Parallel(pool, 3),
          () -> false);
      assertThat(b.centroids()).containsExactly(a.centroids());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEmptyClusterTakesHalfOfTheLargest() {
    int dim = 4;
    float[] centroids = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
    int[] counts = {0, 10, 3};
    assertThat(KMeans.splitEmpty(centroids, counts, 3, dim)).isEqualTo(1);
    assertThat(counts).containsExactly(5, 5, 3);
    for (int t = 0; t < dim; t++) {
      assertThat(centroids[t]).isCloseTo(2f, org.assertj.core.data.Offset.offset(0.01f)).isNotEqualTo(centroids[4 + t]);
    }
  }

  @Test
  void noClusterIsLeftEmptyOnSpreadData() {
    int n = 4000;
    int dim = 8;
    java.util.Random r = new java.util.Random(5);
    float[] data = new float[n * dim];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextFloat();
    }
    // Half the points sit in one tiny blob: RANDOM init puts many centroids there, and most
    // of those end up empty until they are split off the big clusters.
    for (int i = 0; i < n / 2; i++) {
      for (int t = 0; t < dim; t++) {
        data[i * dim + t] = data[t] + 1e-3f * (float) r.nextGaussian();
      }
    }
    KMeans.Result res = KMeans.train(data, n, dim, 64, 30, KMeans.Init.RANDOM, 9, Parallel.SERIAL, () -> false);
    CentroidTable table = new CentroidTable(res.centroids(), 0, 64, dim);
    CentroidTable.Scratch s = table.newScratch();
    int[] counts = new int[64];
    for (int i = 0; i < n; i++) {
      counts[table.nearest(data, i * dim, s)]++;
    }
    assertThat(res.splits()).isGreaterThan(0);
    long empty = java.util.Arrays.stream(counts).filter(c -> c == 0).count();
    assertThat(empty).as("empty clusters after splitting").isZero();
  }

  @Test
  void nearestMatchesABruteForceScan() {
    int dim = 7;
    int k = 300; // two blocks, the second padded
    float[] c = clustered(4, k, dim);
    CentroidTable table = new CentroidTable(c, 0, k, dim);
    CentroidTable.Scratch s = table.newScratch();
    float[] x = clustered(5, 50, dim);
    for (int i = 0; i < 50; i++) {
      int best = 0;
      double bestD = Double.MAX_VALUE;
      for (int j = 0; j < k; j++) {
        double d = 0;
        for (int t = 0; t < dim; t++) {
          double diff = x[i * dim + t] - c[j * dim + t];
          d += diff * diff;
        }
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      int got = table.nearest(x, i * dim, s);
      double gotD = 0;
      for (int t = 0; t < dim; t++) {
        double diff = x[i * dim + t] - c[got * dim + t];
        gotD += diff * diff;
      }
      assertThat(gotD).isCloseTo(bestD, org.assertj.core.data.Offset.offset(1e-3 * (1 + bestD)));
    }
  }
}
