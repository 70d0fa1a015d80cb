package io.quiver.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKCollectorTest {
  @Test
  void keepsTheBestKInOrderWithTiesByOrdinal() {
    Random r = new Random(1);
    for (boolean higher : new boolean[] {true, false}) {
      for (int trial = 0; trial < 200; trial++) {
        int n = 1 + r.nextInt(300);
        int k = 1 + r.nextInt(40);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
          scores[i] = r.nextInt(20); // many ties
        }
        TopKCollector c = new TopKCollector(k, higher, Integer::compare);
        for (int i = n - 1; i >= 0; i--) {
          c.offer(i, scores[i]);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          expected.add(i);
        }
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> higher ? -scores[i] : scores[i]);
        expected.sort(byScore.thenComparing(i -> i));
        assertThat(c.drainBestFirst()).extracting(SearchHit::ordinal)
            .containsExactlyElementsOf(expected.subList(0, Math.min(k, n)));
      }
    }
  }
}
