package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's example, line for line, against the fake server instead of a target. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns() throws Exception {
    try (FakeQuiverServer server = new FakeQuiverServer();
        QuiverClient client = QuiverClient.builder().channel(server.channel).build()) {
      client.createCollection(CollectionConfig.of("articles", 3, Metric.COSINE));

      client.upsert("articles", List.of(
          Point.of(1, new float[] {0.9f, 0.1f, 0.0f}, Map.of("title", "Vectors", "year", 2024)),
          Point.of("intro", new float[] {0.1f, 0.9f, 0.0f}, Map.of("title", "Intro", "tags", List.of("a", "b")))));

      List<ScoredPoint> hits = client.search("articles",
          SearchQuery.builder(new float[] {1f, 0f, 0f}).limit(5).withPayload().build());

      assertThat(hits).extracting(h -> h.payload().get("title")).containsExactly("Vectors", "Intro");
      assertThat(hits.getFirst().payload()).containsEntry("year", 2024L);
    }
  }
}
