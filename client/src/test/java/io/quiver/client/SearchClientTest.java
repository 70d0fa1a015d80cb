package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchClientTest {

  private final FakeQuiverServer server = new FakeQuiverServer();
  private final QuiverClient client = server.client();

  @BeforeEach
  void load() {
    client.createCollection("c", 2, Metric.DOT);
    client.upsert("c", List.of(
        Point.of(-1L, new float[] {3, 0}, Map.of("name", "max-id")),
        Point.of("s", new float[] {2, 0}, Map.of("name", "string-id", "tags", List.of("a"))),
        Point.of(5, new float[] {1, 0}, Map.of()),
        Point.of(6, new float[] {1, 0}, Map.of())));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void searchSendsTheQueryAndConvertsHits() {
    List<ScoredPoint> hits = client.search("c",
        SearchQuery.builder(new float[] {1, 0}).limit(2).withPayload().withVector().ef(32).build());

    var sent = (SearchRequest) server.search.requests.getFirst();
    assertThat(sent.getCollection()).isEqualTo("c");
    assertThat(sent.getVector().getValuesList()).containsExactly(1f, 0f);
    assertThat(sent.getLimit()).isEqualTo(2);
    assertThat(sent.getParams().getEf()).isEqualTo(32);
    assertThat(sent.hasScoreThreshold()).isFalse();

    assertThat(hits).containsExactly(
        new ScoredPoint(PointId.ofNumber(-1), 3f, Map.of("name", "max-id"), new float[] {3, 0}),
        new ScoredPoint(PointId.ofString("s"), 2f, Map.of("name", "string-id", "tags", List.of("a")),
            new float[] {2, 0}));
    assertThat(hits.getFirst().id().toString()).isEqualTo("18446744073709551615");
  }

  @Test
  void hitsCarryOnlyWhatWasAskedFor() {
    List<ScoredPoint> hits = client.search("c", SearchQuery.of(new float[] {1, 0}, 10));
    assertThat(hits).extracting(ScoredPoint::id).containsExactly(
        PointId.ofNumber(-1), PointId.ofString("s"), PointId.ofNumber(5), PointId.ofNumber(6));
    assertThat(hits).allSatisfy(h -> {
      assertThat(h.payload()).isEmpty();
      assertThat(h.hasVector()).isFalse();
    });
  }

  @Test
  void scoreThresholdIsSentAndApplied() {
    List<ScoredPoint> hits = client.search("c",
        SearchQuery.builder(new float[] {1, 0}).scoreThreshold(1.5f).exact().build());
    var sent = (SearchRequest) server.search.requests.getFirst();
    assertThat(sent.getScoreThreshold()).isEqualTo(1.5f);
    assertThat(sent.getParams().getExact()).isTrue();
    assertThat(sent.getLimit()).isEqualTo(SearchQuery.DEFAULT_LIMIT);
    assertThat(hits).extracting(ScoredPoint::score).containsExactly(3f, 2f);
  }

  @Test
  void searchBatchKeepsQueryOrder() {
    List<List<ScoredPoint>> results = client.searchBatch("c", List.of(
        SearchQuery.of(new float[] {1, 0}, 1),
        SearchQuery.of(new float[] {-1, 0}, 2)));

    var sent = (SearchBatchRequest) server.search.requests.getFirst();
    assertThat(sent.getCollection()).isEqualTo("c");
    assertThat(sent.getSearchesList()).extracting(SearchRequest::getLimit).containsExactly(1, 2);
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).extracting(ScoredPoint::id).containsExactly(PointId.ofNumber(-1));
    // Scores -1 tie for ids 5 and 6: ordered by id.
    assertThat(results.get(1)).extracting(ScoredPoint::id).containsExactly(PointId.ofNumber(5), PointId.ofNumber(6));
  }

  @Test
  void asyncTwinsComplete() throws Exception {
    assertThat(client.searchAsync("c", SearchQuery.of(new float[] {0, 1}, 1)).get(5, TimeUnit.SECONDS))
        .singleElement().satisfies(h -> assertThat(h.score()).isZero());
    assertThat(client.searchBatchAsync("c", List.of(SearchQuery.of(new float[] {1, 0}, 3))).get(5, TimeUnit.SECONDS))
        .singleElement().satisfies(r -> assertThat(r).hasSize(3));
  }

  @Test
  void queryArgumentsAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> SearchQuery.builder(new float[] {1}).limit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> SearchQuery.builder(new float[] {1}).ef(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ef");
    float[] v = {1, 2};
    SearchQuery q = SearchQuery.of(v, 1);
    v[0] = 7;
    assertThat(q.vector()).containsExactly(1, 2);
  }
}
