package io.quiver.client;

import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.ScoredPoint;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchBatchResponse;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.SearchResponse;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Search service that scores every stored point by dot product (higher is better, ties by
 * id) and records every request. Thread-safe.
 */
final class FakeSearchService extends SearchGrpc.SearchImplBase {

  final List<Object> requests = new CopyOnWriteArrayList<>();
  private final FakePointsService points;
  private final FakeControl control;

  FakeSearchService(FakePointsService points, FakeControl control) {
    this.points = points;
    this.control = control;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    responses.onNext(run(request.getCollection(), request));
    responses.onCompleted();
  }

  @Override
  public void searchBatch(SearchBatchRequest request, StreamObserver<SearchBatchResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    SearchBatchResponse.Builder reply = SearchBatchResponse.newBuilder();
    request.getSearchesList().forEach(s -> reply.addResults(run(request.getCollection(), s)));
    responses.onNext(reply.build());
    responses.onCompleted();
  }

  private SearchResponse run(String collection, SearchRequest request) {
    Comparator<ScoredPoint> bestFirst = Comparator.comparingDouble((ScoredPoint h) -> -h.getScore())
        .thenComparing(ScoredPoint::getId, FakePointsService.ID_ORDER);
    List<ScoredPoint> hits = points.points(collection).stream()
        .map(p -> score(p, request))
        .filter(h -> !request.hasScoreThreshold() || h.getScore() >= request.getScoreThreshold())
        .sorted(bestFirst)
        .limit(request.getLimit())
        .toList();
    return SearchResponse.newBuilder().addAllHits(hits).build();
  }

  private static ScoredPoint score(Point p, SearchRequest request) {
    float dot = 0;
    for (int i = 0; i < request.getVector().getValuesCount(); i++) {
      dot += request.getVector().getValues(i) * p.getVector().getValues(i);
    }
    Point parts = FakePointsService.withParts(p, request.getWith());
    ScoredPoint.Builder hit = ScoredPoint.newBuilder().setId(p.getId()).setScore(dot).putAllPayload(parts.getPayloadMap());
    if (parts.hasVector()) {
      hit.setVector(parts.getVector());
    }
    return hit.build();
  }
}
