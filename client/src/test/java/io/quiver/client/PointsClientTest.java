package io.quiver.client;

import static io.quiver.client.ProtoConversionsTest.mapOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.UpsertRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PointsClientTest {

  private static final long ABOVE_SIGNED = Long.parseUnsignedLong("18000000000000000000");

  private final FakeQuiverServer server = new FakeQuiverServer();
  private final QuiverClient client = server.client();

  @BeforeEach
  void createCollection() {
    client.createCollection("c", 2, Metric.DOT);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void upsertConvertsIdsVectorsAndPayloads() {
    Map<String, Object> payload = mapOf("title", "hello", "n", 3, "score", 0.5, "ok", true,
        "tags", List.of("x", "y"), "nested", Map.of("k", List.of(1L, Map.of("z", "w"))), "gone", null);

    UpsertResult result = client.upsert("c", List.of(
        Point.of(ABOVE_SIGNED, new float[] {1, 2}, payload),
        Point.of("doc-7", new float[] {3, 4}, Map.of())));

    var sent = (UpsertRequest) server.points.requests.getFirst();
    assertThat(sent.getCollection()).isEqualTo("c");
    assertThat(sent.getPoints(0).getId().getNum()).isEqualTo(ABOVE_SIGNED);
    assertThat(Long.toUnsignedString(sent.getPoints(0).getId().getNum())).isEqualTo("18000000000000000000");
    assertThat(sent.getPoints(0).getVector().getValuesList()).containsExactly(1f, 2f);
    assertThat(sent.getPoints(0).getPayloadMap().get("n").getIntegerValue()).isEqualTo(3);
    assertThat(sent.getPoints(0).getPayloadMap().get("gone").hasNullValue()).isTrue();
    assertThat(sent.getPoints(1).getId().getStr()).isEqualTo("doc-7");
    assertThat(result).isEqualTo(new UpsertResult(2, 1));

    List<Point> back = client.getPoints("c", List.of(PointId.ofNumber(ABOVE_SIGNED)));
    Map<String, Object> expected = new java.util.LinkedHashMap<>(payload);
    expected.put("n", 3L); // integers come back as Long
    assertThat(back).containsExactly(new Point(PointId.ofNumber(ABOVE_SIGNED), new float[] {1, 2}, expected));
  }

  @Test
  void getPointsAsksOnlyForTheRequestedParts() {
    client.upsert("c", List.of(Point.of(1, new float[] {1, 1}, Map.of("a", "b"))));

    List<Point> idsOnly = client.getPoints("c", List.of(PointId.ofNumber(1), PointId.ofString("missing")),
        Include.ID_ONLY);
    var sent = (GetPointsRequest) server.points.requests.getLast();
    assertThat(sent.getIdsList()).hasSize(2);
    assertThat(sent.getIds(1).getStr()).isEqualTo("missing");
    assertThat(sent.getWith().getPayload()).isFalse();
    assertThat(sent.getWith().getVector()).isFalse();
    assertThat(idsOnly).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(PointId.ofNumber(1));
      assertThat(p.hasVector()).isFalse();
      assertThat(p.vector()).isNull();
      assertThat(p.payload()).isEmpty();
    });

    Point vectorOnly = client.getPoints("c", List.of(PointId.ofNumber(1)), Include.VECTOR).getFirst();
    assertThat(vectorOnly.vector()).containsExactly(1, 1);
    assertThat(vectorOnly.payload()).isEmpty();
  }

  @Test
  void deletePointsReportsHowManyExisted() {
    client.upsert("c", List.of(Point.of(1, new float[] {1, 1}, null), Point.of("s", new float[] {1, 1}, null)));

    DeleteResult result = client.deletePoints("c", List.of(PointId.ofString("s"), PointId.ofNumber(99)));

    var sent = (DeletePointsRequest) server.points.requests.getLast();
    assertThat(sent.getCollection()).isEqualTo("c");
    assertThat(sent.getIdsList()).extracting(id -> id.hasStr() ? id.getStr() : Long.toString(id.getNum()))
        .containsExactly("s", "99");
    assertThat(result).isEqualTo(new DeleteResult(1, 2));
    assertThat(client.count("c")).isEqualTo(1);
  }

  @Test
  void scrollReturnsOnePageAndItsToken() {
    client.upsert("c", points(5));

    ScrollPage first = client.scroll("c", 2, null, Include.PAYLOAD);
    var sent = (ScrollRequest) server.points.requests.getLast();
    assertThat(sent.getLimit()).isEqualTo(2);
    assertThat(sent.getPageToken()).isEmpty();
    assertThat(sent.getWith().getPayload()).isTrue();
    assertThat(first.points()).extracting(p -> p.id().number()).containsExactly(0L, 1L);
    assertThat(first.points().getFirst().payload()).containsEntry("i", 0L);
    assertThat(first.hasNextPage()).isTrue();

    ScrollPage last = client.scroll("c", 2, "4", Include.ID_ONLY);
    assertThat(((ScrollRequest) server.points.requests.getLast()).getPageToken()).isEqualTo("4");
    assertThat(last.points()).extracting(p -> p.id().number()).containsExactly(4L);
    assertThat(last.hasNextPage()).isFalse();
    assertThat(last.nextPageToken()).isEmpty();
  }

  @Test
  void scrollAllPagesLazilyFollowingTheTokens() {
    client.upsert("c", points(10));
    int requestsBefore = server.points.requests.size();

    Stream<Point> all = client.scrollAll("c", 3, Include.ID_ONLY);
    assertThat(server.points.requests).hasSize(requestsBefore); // nothing fetched yet

    Iterator<Point> it = all.iterator();
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(it.next().id().number());
    }
    assertThat(server.points.requests).hasSize(requestsBefore + 1); // one page so far
    it.forEachRemaining(p -> seen.add(p.id().number()));

    assertThat(seen).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
    List<String> tokens = server.points.requests.subList(requestsBefore, server.points.requests.size()).stream()
        .map(r -> ((ScrollRequest) r).getPageToken()).toList();
    assertThat(tokens).containsExactly("", "3", "6", "9");
  }

  @Test
  void scrollAllOfAnEmptyCollectionIsEmpty() {
    assertThat(client.scrollAll("c", 0, Include.PAYLOAD_AND_VECTOR)).isEmpty();
    assertThat(((ScrollRequest) server.points.requests.getLast()).getLimit()).isZero();
  }

  @Test
  void upsertStreamSendsBatchesAndSumsTheReplies() {
    UpsertResult result = client.upsertStream("c", points(7), 3);

    assertThat(server.points.streamBatchSizes).containsExactly(3, 3, 1);
    assertThat(server.points.requests).allSatisfy(r -> assertThat(((UpsertRequest) r).getCollection()).isEqualTo("c"));
    assertThat(result).isEqualTo(new UpsertResult(7, 3));
    assertThat(client.count("c")).isEqualTo(7);
  }

  @Test
  void upsertStreamReadsTheIteratorLazily() throws Exception {
    AtomicInteger produced = new AtomicInteger();
    Iterator<Point> lazy = IntStream.range(0, 1000)
        .mapToObj(i -> {
          produced.incrementAndGet();
          return Point.of(i, new float[] {i, 0}, null);
        })
        .iterator();

    UpsertResult result = client.upsertStreamAsync("c", lazy, 100).get(10, TimeUnit.SECONDS);

    assertThat(produced).hasValue(1000);
    assertThat(server.points.streamBatchSizes).hasSize(10).allMatch(n -> n == 100);
    assertThat(result.applied()).isEqualTo(1000);
  }

  @Test
  void upsertStreamReportsServerErrors() {
    assertThatThrownBy(() -> client.upsertStream("missing", points(4), 2))
        .isInstanceOfSatisfying(QuiverException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.serverMessage()).isEqualTo("collection 'missing' not found");
        });
  }

  @Test
  void upsertStreamReportsABadPointAndKeepsEarlierBatches() {
    List<Point> points = new ArrayList<>(points(4));
    points.add(Point.of(99, new float[] {1, 1}, Map.of("bad", new Object())));

    assertThatThrownBy(() -> client.upsertStream("c", points, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad'");
    // The in-process server applies each batch as it arrives, so the first two were applied
    // before the third failed to convert; the third was never sent, and applied batches stay.
    assertThat(server.points.streamBatchSizes).containsExactly(2, 2);
    assertThat(client.count("c")).isEqualTo(4);
  }

  @Test
  void upsertStreamOfNothingStillAsksTheServer() {
    assertThat(client.upsertStream("c", List.of(), 10)).isEqualTo(new UpsertResult(0, 0));
    assertThat(server.points.streamBatchSizes).isEmpty();
    assertThatThrownBy(() -> client.upsertStream("c", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  void asyncTwinsComplete() throws Exception {
    assertThat(client.upsertAsync("c", points(3)).get(5, TimeUnit.SECONDS)).isEqualTo(new UpsertResult(3, 1));
    assertThat(client.countAsync("c").get(5, TimeUnit.SECONDS)).isEqualTo(3L);
    assertThat(client.getPointsAsync("c", List.of(PointId.ofNumber(2)), Include.PAYLOAD).get(5, TimeUnit.SECONDS))
        .singleElement().satisfies(p -> assertThat(p.payload()).containsEntry("i", 2L));
    ScrollPage page = client.scrollAsync("c", 2, "", Include.ID_ONLY).get(5, TimeUnit.SECONDS);
    assertThat(page.nextPageToken()).isEqualTo("2");
    assertThat(client.deletePointsAsync("c", List.of(PointId.ofNumber(0))).get(5, TimeUnit.SECONDS).deleted())
        .isEqualTo(1);
    assertThat(client.upsertStreamAsync("c", points(5), 2).get(5, TimeUnit.SECONDS).applied()).isEqualTo(5);
  }

  @Test
  void asyncTwinsFailWithQuiverException() {
    var future = client.countAsync("missing");
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void vectorsAreCopiedSoPointsStayImmutable() {
    float[] v = {1, 2};
    Point p = Point.of(1, v, null);
    v[0] = 9;
    p.vector()[1] = 9;
    assertThat(p.vector()).containsExactly(1, 2);
    assertThat(p).isEqualTo(Point.of(1, new float[] {1, 2}, Map.of()));
  }

  /** Points 0..n-1 with vector (i, 1) and payload {i: i}. */
  static List<Point> points(int n) {
    return IntStream.range(0, n).mapToObj(i -> Point.of(i, new float[] {i, 1}, Map.of("i", i))).toList();
  }
}
