package io.quiver.server.grpc;

import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.CreateCollectionResponse;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionResponse;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetCollectionResponse;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.ListCollectionsResponse;
import io.quiver.proto.v1.RetrainRequest;
import io.quiver.proto.v1.RetrainResponse;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.Durability;

/** gRPC adapter for {@code quiver.v1.Collections}: convert, call the engine, convert back. Thread-safe. */
public final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
  private final Database db;
  private final RequestLimits limits;

  public CollectionsService(Database db, RequestLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  @Override
  public void create(CreateCollectionRequest request, StreamObserver<CreateCollectionResponse> observer) {
    Calls.unary("Collections/Create", observer, () -> {
      Durability durability = ProtoConverter.durability(request.getDurability());
      Collection c = db.create(request.getName(), (int) Math.min(Integer.MAX_VALUE, request.getDimension() & 0xFFFFFFFFL),
          ProtoConverter.metric(request.getMetric()), request.getIndex(), limits.maxDimension(),
          durability == null ? Durability.SYNC : durability, limits.maxCollections());
      return CreateCollectionResponse.newBuilder().setCollection(FilterConverter.info(c)).build();
    });
  }

  @Override
  public void get(GetCollectionRequest request, StreamObserver<GetCollectionResponse> observer) {
    Calls.unary("Collections/Get", observer, () -> GetCollectionResponse.newBuilder()
        .setCollection(FilterConverter.info(db.get(request.getName()))).build());
  }

  @Override
  public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
    Calls.unary("Collections/List", observer, () -> {
      ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
      for (Collection c : db.list()) {
        b.addCollections(FilterConverter.info(c));
      }
      return b.build();
    });
  }

  @Override
  public void retrain(RetrainRequest request, StreamObserver<RetrainResponse> observer) {
    Calls.unary("Collections/Retrain", observer, () -> {
      Collection c = db.get(request.getName());
      c.retrain();
      return RetrainResponse.newBuilder().setCollection(ProtoConverter.collectionInfo(c.info())).build();
    });
  }

  @Override
  public void delete(DeleteCollectionRequest request, StreamObserver<DeleteCollectionResponse> observer) {
    Calls.unary("Collections/Delete", observer, () -> {
      db.delete(request.getName());
      return DeleteCollectionResponse.getDefaultInstance();
    });
  }

  @Override
  public void createFieldIndex(io.quiver.proto.v1.CreateFieldIndexRequest request,
      StreamObserver<io.quiver.proto.v1.CreateFieldIndexResponse> observer) {
    Calls.unary("Collections/CreateFieldIndex", observer, () -> {
      Collection c = db.get(request.getCollection());
      c.createFieldIndex(request.getField(), FilterConverter.indexType(request.getType()));
      return io.quiver.proto.v1.CreateFieldIndexResponse.newBuilder().setCollection(FilterConverter.info(c)).build();
    });
  }

  @Override
  public void deleteFieldIndex(io.quiver.proto.v1.DeleteFieldIndexRequest request,
      StreamObserver<io.quiver.proto.v1.DeleteFieldIndexResponse> observer) {
    Calls.unary("Collections/DeleteFieldIndex", observer, () -> {
      db.get(request.getCollection()).deleteFieldIndex(request.getField());
      return io.quiver.proto.v1.DeleteFieldIndexResponse.getDefaultInstance();
    });
  }
}
