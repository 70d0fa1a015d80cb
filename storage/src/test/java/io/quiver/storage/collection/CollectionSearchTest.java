package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CollectionSearchTest {
  @TempDir Path dir;

  /** Every search over 10,000 seeded points equals a double-precision brute force, for each metric. */
  @ParameterizedTest
  @EnumSource(VectorSimilarity.class)
  void searchEqualsBruteForce(VectorSimilarity metric) {
    int n = 10_000;
    int dim = 24;
    List<Point> points = TestData.points(42, n, dim);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", dim, metric, "FLAT", 8192);
      for (int from = 0; from < n; from += 1000) {
        c.upsert(points.subList(from, from + 1000));
      }
      List<float[]> stored = new ArrayList<>();
      for (Point p : points) {
        stored.add(metric.normalizes() ? TestData.normalized(p.vector()) : p.vector());
      }
      Random r = new Random(7);
      for (int q = 0; q < 50; q++) {
        float[] query = TestData.randomVector(r, dim);
        float[] prepared = metric.normalizes() ? TestData.normalized(query) : query;
        int k = 1 + r.nextInt(20);
        List<ScoredPoint> hits = c.search(SearchRequest.of(query, k));
        assertThat(hits).hasSize(k);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          order.add(i);
        }
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
          exact[i] = TestData.exactScore(metric, prepared, stored.get(i));
        }
        Comparator<Integer> best = metric.higherIsBetter()
            ? Comparator.comparingDouble((Integer i) -> -exact[i]) : Comparator.comparingDouble(i -> exact[i]);
        order.sort(best.thenComparing(i -> i));
        for (int rank = 0; rank < k; rank++) {
          ScoredPoint hit = hits.get(rank);
          int expectedId = order.get(rank);
          long gotId = ((PointId.Num) hit.id()).value();
          // Float and double sums may order near-ties differently; anything else must match.
          if (gotId != expectedId) {
            assertThat(exact[(int) gotId]).isCloseTo(exact[expectedId], within(1e-4));
          }
          assertThat((double) hit.score()).isCloseTo(exact[(int) gotId], within(1e-3));
          if (rank > 0) {
            float prev = hits.get(rank - 1).score();
            assertThat(metric.isBetter(hit.score(), prev)).as("ordered best first").isFalse();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(VectorSimilarity.class)
  void scoreThresholdKeepsOnlyGoodEnoughHits(VectorSimilarity metric) {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 8, metric, "", 8192);
      c.upsert(TestData.points(1, 500, 8));
      float[] q = TestData.randomVector(new Random(3), 8);
      List<ScoredPoint> all = c.search(SearchRequest.of(q, 500));
      float threshold = all.get(100).score();
      List<ScoredPoint> kept = c.search(new SearchRequest(q, 500, threshold, false, false,
          io.quiver.storage.index.SearchParams.DEFAULT));
      assertThat(kept).isNotEmpty().allSatisfy(h -> assertThat(metric.isBetter(threshold, h.score())).isFalse());
      long expected = all.stream().filter(h -> !metric.isBetter(threshold, h.score())).count();
      assertThat(kept).hasSize((int) expected);
    }
  }

  @ParameterizedTest
  @EnumSource(VectorSimilarity.class)
  void equalScoresAreOrderedById(VectorSimilarity metric) {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 2, metric, "FLAT", 8192);
      List<Point> same = new ArrayList<>();
      for (int i = 20; i >= 0; i--) {
        same.add(new Point(PointId.of(i), new float[] {1f, 2f}, null));
      }
      same.add(new Point(PointId.of("a"), new float[] {1f, 2f}, null));
      c.upsert(same);
      List<ScoredPoint> hits = c.search(SearchRequest.of(new float[] {1f, 2f}, 5));
      assertThat(hits).extracting(h -> h.id().toString()).containsExactly("0", "1", "2", "3", "4");
    }
  }
}
