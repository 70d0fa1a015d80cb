package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.quiver.client.CollectionConfig;
import io.quiver.client.CollectionInfo;
import io.quiver.client.Include;
import io.quiver.client.Metric;
import io.quiver.client.Point;
import io.quiver.client.PointId;
import io.quiver.client.QuiverClient;
import io.quiver.client.QuiverException;
import io.quiver.client.ScoredPoint;
import io.quiver.client.SearchQuery;
import io.quiver.server.support.Oracle;
import io.quiver.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real server on loopback. */
class ClientLoopbackTest {
  @TempDir Path dir;

  @Test
  void theQuickStartPathWorksThroughTheClient() throws Exception {
    try (TestServer s = new TestServer(dir);
        QuiverClient client = QuiverClient.builder().target("127.0.0.1:" + s.server.grpcPort()).build()) {
      CollectionInfo created = client.createCollection(CollectionConfig.of("docs", 8, Metric.COSINE));
      assertThat(created.index()).isEqualTo("FLAT");
      Random r = new Random(4);
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        points.add(Point.of(i, Oracle.randomVector(r, 8), Map.of("i", i, "kind", i % 2 == 0 ? "even" : "odd")));
      }
      assertThat(client.upsertStream("docs", points, 300).applied()).isEqualTo(2000);
      assertThat(client.count("docs")).isEqualTo(2000);

      float[] query = Oracle.randomVector(r, 8);
      List<ScoredPoint> hits = client.search("docs", SearchQuery.builder(query).limit(5).withPayload().build());
      double[] exact = new double[points.size()];
      List<Integer> expected = Oracle.topK(io.quiver.proto.v1.Metric.COSINE,
          points.stream().map(Point::vector).toList(), query, 5, exact);
      assertThat(hits).extracting(h -> (int) h.id().number()).containsExactlyElementsOf(expected);
      assertThat(hits.getFirst().payload().get("i")).isEqualTo((long) expected.getFirst());

      assertThat(client.searchAsync("docs", SearchQuery.of(query, 5)).get())
          .extracting(ScoredPoint::id).containsExactlyElementsOf(hits.stream().map(ScoredPoint::id).toList());

      Set<PointId> seen = new HashSet<>();
      client.scrollAll("docs", 128, Include.ID_ONLY).forEach(p -> assertThat(seen.add(p.id())).isTrue());
      assertThat(seen).hasSize(2000);

      assertThat(client.deletePoints("docs", List.of(PointId.ofNumber(0), PointId.ofNumber(1))).deleted()).isEqualTo(2);
      assertThat(client.getPoints("docs", List.of(PointId.ofNumber(0), PointId.ofNumber(2)))).extracting(Point::id)
          .containsExactly(PointId.ofNumber(2));
      assertThat(client.listCollections()).extracting(CollectionInfo::name).containsExactly("docs");

      assertThatThrownBy(() -> client.getCollection("missing")).isInstanceOfSatisfying(QuiverException.class, e -> {
        assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.serverMessage()).contains("missing");
        assertThat(e.isRetryable()).isFalse();
      });
      assertThatThrownBy(() -> client.upsert("docs", List.of(Point.of(5, new float[3], Map.of()))))
          .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      client.deleteCollection("docs");
      assertThat(client.listCollections()).isEmpty();
    }
  }
}
