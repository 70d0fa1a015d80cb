package io.quiver.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CountResponse;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.DeletePointsResponse;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.GetPointsResponse;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.ScrollResponse;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.UpsertResponse;
import io.quiver.proto.v1.WithParts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory Points service over proto messages (independent of the client's conversions),
 * recording every request. Thread-safe.
 */
final class FakePointsService extends PointsGrpc.PointsImplBase {

  /** The server's id order, written out independently of {@link io.quiver.client.PointId}. */
  static final Comparator<PointId> ID_ORDER = (a, b) -> {
    if (a.hasNum() && b.hasNum()) {
      return Long.compareUnsigned(a.getNum(), b.getNum());
    }
    if (a.hasNum() != b.hasNum()) {
      return a.hasNum() ? -1 : 1;
    }
    return Arrays.compareUnsigned(a.getStr().getBytes(StandardCharsets.UTF_8), b.getStr().getBytes(StandardCharsets.UTF_8));
  };

  final List<Object> requests = new CopyOnWriteArrayList<>();
  /** Sizes of the batches received by UpsertStream, in order. */
  final List<Integer> streamBatchSizes = new CopyOnWriteArrayList<>();
  private final Map<String, TreeMap<PointId, Point>> stores = new HashMap<>();
  private final FakeCollectionsService collections;
  private final FakeControl control;
  private long sequence;

  FakePointsService(FakeCollectionsService collections, FakeControl control) {
    this.collections = collections;
    this.control = control;
  }

  @Override
  public synchronized void upsert(UpsertRequest request, StreamObserver<UpsertResponse> responses) {
    requests.add(request);
    if (control.intercept(responses) || !checkCollection(request.getCollection(), responses)) {
      return;
    }
    responses.onNext(apply(request));
    responses.onCompleted();
  }

  @Override
  public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> responses) {
    if (control.intercept(responses)) {
      return new IgnoringObserver<>();
    }
    return new StreamObserver<>() {
      long applied;
      long lastSequence;
      boolean failed;

      @Override
      public void onNext(UpsertRequest batch) {
        synchronized (FakePointsService.this) {
          requests.add(batch);
          if (failed) {
            return;
          }
          streamBatchSizes.add(batch.getPointsCount());
          if (!collections.exists(batch.getCollection())) {
            failed = true;
            responses.onError(FakeCollectionsService.notFound(batch.getCollection()));
            return;
          }
          UpsertResponse r = apply(batch);
          applied += r.getApplied();
          lastSequence = r.getSequence();
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        if (!failed) {
          responses.onNext(UpsertResponse.newBuilder().setApplied(applied).setSequence(lastSequence).build());
          responses.onCompleted();
        }
      }
    };
  }

  @Override
  public synchronized void get(GetPointsRequest request, StreamObserver<GetPointsResponse> responses) {
    requests.add(request);
    if (control.intercept(responses) || !checkCollection(request.getCollection(), responses)) {
      return;
    }
    TreeMap<PointId, Point> store = store(request.getCollection());
    GetPointsResponse.Builder reply = GetPointsResponse.newBuilder();
    for (PointId id : request.getIdsList()) {
      Point p = store.get(id);
      if (p != null) {
        reply.addPoints(withParts(p, request.getWith()));
      }
    }
    responses.onNext(reply.build());
    responses.onCompleted();
  }

  @Override
  public synchronized void delete(DeletePointsRequest request, StreamObserver<DeletePointsResponse> responses) {
    requests.add(request);
    if (control.intercept(responses) || !checkCollection(request.getCollection(), responses)) {
      return;
    }
    long deleted = request.getIdsList().stream().filter(id -> store(request.getCollection()).remove(id) != null).count();
    responses.onNext(DeletePointsResponse.newBuilder().setDeleted(deleted).setSequence(++sequence).build());
    responses.onCompleted();
  }

  /** Pages by position; the token is the decimal offset of the page's first point. */
  @Override
  public synchronized void scroll(ScrollRequest request, StreamObserver<ScrollResponse> responses) {
    requests.add(request);
    if (control.intercept(responses) || !checkCollection(request.getCollection(), responses)) {
      return;
    }
    List<Point> all = new ArrayList<>(store(request.getCollection()).values());
    int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int limit = request.getLimit() == 0 ? 100 : request.getLimit();
    int to = Math.min(all.size(), from + limit);
    ScrollResponse.Builder reply = ScrollResponse.newBuilder();
    for (Point p : all.subList(from, to)) {
      reply.addPoints(withParts(p, request.getWith()));
    }
    reply.setNextPageToken(to < all.size() ? Integer.toString(to) : "");
    responses.onNext(reply.build());
    responses.onCompleted();
  }

  @Override
  public synchronized void count(CountRequest request, StreamObserver<CountResponse> responses) {
    requests.add(request);
    if (control.intercept(responses) || !checkCollection(request.getCollection(), responses)) {
      return;
    }
    responses.onNext(CountResponse.newBuilder().setCount(store(request.getCollection()).size()).build());
    responses.onCompleted();
  }

  /** The stored points of a collection in id order, for the search fake. */
  synchronized List<Point> points(String collection) {
    return new ArrayList<>(store(collection).values());
  }

  static Point withParts(Point p, WithParts with) {
    Point.Builder b = p.toBuilder();
    if (!with.getPayload()) {
      b.clearPayload();
    }
    if (!with.getVector()) {
      b.clearVector();
    }
    return b.build();
  }

  private UpsertResponse apply(UpsertRequest request) {
    TreeMap<PointId, Point> store = store(request.getCollection());
    request.getPointsList().forEach(p -> store.put(p.getId(), p));
    return UpsertResponse.newBuilder().setApplied(request.getPointsCount()).setSequence(++sequence).build();
  }

  private TreeMap<PointId, Point> store(String collection) {
    return stores.computeIfAbsent(collection, c -> new TreeMap<>(ID_ORDER));
  }

  private boolean checkCollection(String name, StreamObserver<?> responses) {
    if (collections.exists(name)) {
      return true;
    }
    responses.onError(FakeCollectionsService.notFound(name));
    return false;
  }

  private static final class IgnoringObserver<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
