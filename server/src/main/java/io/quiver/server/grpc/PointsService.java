package io.quiver.server.grpc;

import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CountResponse;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.DeletePointsResponse;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.GetPointsResponse;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.ScrollResponse;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.UpsertResponse;
import io.quiver.storage.StorageException;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.ScrollPage;
import io.quiver.storage.collection.WriteResult;
import java.util.ArrayList;
import java.util.List;

/** gRPC adapter for {@code quiver.v1.Points}. Thread-safe. */
public final class PointsService extends PointsGrpc.PointsImplBase {
  private final Database db;
  private final RequestLimits limits;

  public PointsService(Database db, RequestLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  private WriteResult upsertOnce(UpsertRequest request) {
    Collection c = db.get(request.getCollection());
    limits.checkBatch("points", request.getPointsCount());
    List<Point> points = new ArrayList<>(request.getPointsCount());
    for (int i = 0; i < request.getPointsCount(); i++) {
      limits.checkPayload("points[" + i + "].payload", request.getPoints(i).getPayloadMap());
      points.add(ProtoConverter.point(request.getPoints(i), "points[" + i + "]"));
    }
    limits.checkMemory(db, points.size(), c.config().dimension());
    return c.upsert(points, ProtoConverter.durability(request.getDurability()));
  }

  @Override
  public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> observer) {
    Calls.unary("Points/Upsert", observer, () -> {
      WriteResult r = upsertOnce(request);
      return UpsertResponse.newBuilder().setApplied(r.applied()).setSequence(r.sequence()).build();
    });
  }

  @Override
  public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> observer) {
    // Each batch is applied (durably) before the next message is read: gRPC asks for the
    // next message only when onNext returns, which gives the client back-pressure.
    return new StreamObserver<>() {
      private long applied;
      private long sequence;
      private boolean failed;

      @Override
      public void onNext(UpsertRequest request) {
        if (failed) {
          return;
        }
        try {
          WriteResult r = upsertOnce(request);
          applied += r.applied();
          sequence = r.sequence();
        } catch (Throwable t) {
          failed = true;
          observer.onError(StatusMapper.toStatus(t, "Points/UpsertStream"));
        }
      }

      @Override
      public void onError(Throwable t) {
        // The client went away; what was applied stays applied.
        failed = true;
      }

      @Override
      public void onCompleted() {
        if (!failed) {
          observer.onNext(UpsertResponse.newBuilder().setApplied(applied).setSequence(sequence).build());
          observer.onCompleted();
        }
      }
    };
  }

  @Override
  public void get(GetPointsRequest request, StreamObserver<GetPointsResponse> observer) {
    Calls.unary("Points/Get", observer, () -> {
      Collection c = db.get(request.getCollection());
      limits.checkBatch("ids", request.getIdsCount());
      List<Point> points = c.get(ProtoConverter.pointIds(request.getIdsList(), "ids"),
          request.getWith().getPayload(), request.getWith().getVector());
      GetPointsResponse.Builder b = GetPointsResponse.newBuilder();
      points.forEach(p -> b.addPoints(ProtoConverter.point(p)));
      return b.build();
    });
  }

  @Override
  public void delete(DeletePointsRequest request, StreamObserver<DeletePointsResponse> observer) {
    Calls.unary("Points/Delete", observer, () -> {
      Collection c = db.get(request.getCollection());
      var filter = FilterConverter.filter(request.hasFilter(), request.getFilter(), "filter", limits);
      var durability = ProtoConverter.durability(request.getDurability());
      WriteResult r;
      if (request.getIdsCount() == 0 && filter != null) {
        r = c.deleteByFilter(filter, durability);
      } else {
        if (filter != null) {
          throw StorageException.invalid("filter: give ids or a filter, not both");
        }
        limits.checkBatch("ids", request.getIdsCount());
        r = c.delete(ProtoConverter.pointIds(request.getIdsList(), "ids"), durability);
      }
      return DeletePointsResponse.newBuilder().setDeleted(r.applied()).setSequence(r.sequence()).build();
    });
  }

  @Override
  public void scroll(ScrollRequest request, StreamObserver<ScrollResponse> observer) {
    Calls.unary("Points/Scroll", observer, () -> {
      Collection c = db.get(request.getCollection());
      var filter = FilterConverter.filter(request.hasFilter(), request.getFilter(), "filter", limits);
      int limit = limits.pageSize(request.getLimit());
      ScrollPage page = c.scroll(ProtoConverter.pageToken(request.getPageToken()), limit,
          request.getWith().getPayload(), request.getWith().getVector(), filter);
      ScrollResponse.Builder b = ScrollResponse.newBuilder().setNextPageToken(ProtoConverter.pageToken(page.next()));
      page.points().forEach(p -> b.addPoints(ProtoConverter.point(p)));
      return b.build();
    });
  }

  @Override
  public void count(CountRequest request, StreamObserver<CountResponse> observer) {
    Calls.unary("Points/Count", observer, () -> {
      Collection c = db.get(request.getCollection());
      var filter = FilterConverter.filter(request.hasFilter(), request.getFilter(), "filter", limits);
      return CountResponse.newBuilder().setCount(c.count(filter)).build();
    });
  }
}
