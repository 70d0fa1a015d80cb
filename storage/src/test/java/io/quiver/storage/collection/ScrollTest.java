package io.quiver.storage.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.vector.VectorSimilarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrollTest {
  @TempDir Path dir;

  @Test
  void scrollReturnsEveryPointOnceInIdOrder() {
    List<Point> points = new ArrayList<>();
    Random r = new Random(11);
    for (int i = 0; i < 2500; i++) {
      PointId id = i % 3 == 0 ? PointId.of("doc-" + i) : PointId.of(r.nextLong());
      points.add(new Point(id, TestData.randomVector(r, 4), null));
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULTS)) {
      Collection c = db.create("c", 4, VectorSimilarity.L2, "FLAT", 8192);
      for (int i = 0; i < points.size(); i += 500) {
        c.upsert(points.subList(i, i + 500));
      }
      List<PointId> seen = new ArrayList<>();
      PointId from = null;
      do {
        ScrollPage page = c.scroll(from, 1 + r.nextInt(300), true, true);
        page.points().forEach(p -> {
          seen.add(p.id());
          assertThat(p.vector()).hasSize(4);
          assertThat(p.payload()).isNotNull();
        });
        from = page.next();
      } while (from != null);
      List<PointId> expected = new ArrayList<>(points.stream().map(Point::id).toList());
      expected.sort(null);
      assertThat(seen).containsExactlyElementsOf(expected);
      // Numbers sort unsigned and before strings.
      assertThat(seen.getFirst()).isInstanceOf(PointId.Num.class);
      assertThat(seen.getLast()).isInstanceOf(PointId.Str.class);
    }
  }
}
