package io.quiver.server.grpc;

import static io.quiver.client.Condition.match;
import static io.quiver.client.Condition.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.client.CollectionConfig;
import io.quiver.client.Condition;
import io.quiver.client.Filter;
import io.quiver.client.Include;
import io.quiver.client.Metric;
import io.quiver.client.Point;
import io.quiver.client.QuiverClient;
import io.quiver.client.ScrollPage;
import io.quiver.client.SearchQuery;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's filter builder against a real server on loopback. */
class ClientFilterLoopbackTest {
  @TempDir Path dir;

  @Test
  void filteredSearchCountScrollAndDeleteThroughTheClient() throws Exception {
    try (TestServer s = new TestServer(dir);
        QuiverClient client = QuiverClient.builder().target("127.0.0.1:" + s.server.grpcPort()).build()) {
      client.createCollection(CollectionConfig.of("docs", 8, Metric.COSINE));
      client.createFieldIndex("docs", "lang", QuiverClient.FieldIndexType.KEYWORD);
      Random r = new Random(5);
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        points.add(Point.of(i, Oracle.randomVector(r, 8), Map.of("lang", i % 4 == 0 ? "en" : "de",
            "year", 2000 + i % 30, "meta", Map.of("draft", i % 10 == 0))));
      }
      client.upsertStream("docs", points, 250);
      Filter f = Filter.must(match("lang", "en"), range("year").gte(2020L)).andMustNot(match("meta.draft", true));
      long expected = points.stream().filter(p -> {
        int i = (int) p.id().number();
        return i % 4 == 0 && 2000 + i % 30 >= 2020 && i % 10 != 0;
      }).count();
      assertThat(client.count("docs", f)).isEqualTo(expected);
      var result = client.searchWithPlan("docs", SearchQuery.builder(Oracle.randomVector(r, 8)).limit(10)
          .withPayload().filter(f).build());
      assertThat(result.hits()).hasSize(10);
      assertThat(result.plan()).isEqualTo("filtered_exact");
      assertThat(result.filterMatches()).isEqualTo(expected);
      result.hits().forEach(h -> assertThat(h.payload().get("lang")).isEqualTo("en"));
      ScrollPage page = client.scroll("docs", 5, null, Include.ID_ONLY, f);
      assertThat(page.points()).hasSize(5);
      assertThat(client.deleteByFilter("docs", Filter.should(Condition.filter(f))).deleted()).isEqualTo(expected);
      assertThat(client.count("docs", f)).isZero();
      assertThat(client.count("docs")).isEqualTo(1000 - expected);
    }
  }
}
