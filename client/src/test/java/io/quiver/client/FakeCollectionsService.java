package io.quiver.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CollectionInfo;
import io.quiver.proto.v1.CollectionStatus;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.CreateCollectionResponse;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionResponse;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetCollectionResponse;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.ListCollectionsResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory Collections service that records every request. Thread-safe. */
final class FakeCollectionsService extends CollectionsGrpc.CollectionsImplBase {

  static final long CREATED_AT_MS = 1_700_000_000_123L;

  final List<Object> requests = new CopyOnWriteArrayList<>();
  private final Map<String, CollectionInfo> collections = new TreeMap<>();
  private final FakeControl control;

  FakeCollectionsService(FakeControl control) {
    this.control = control;
  }

  @Override
  public synchronized void create(CreateCollectionRequest request, StreamObserver<CreateCollectionResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    if (collections.containsKey(request.getName())) {
      responses.onError(Status.ALREADY_EXISTS
          .withDescription("collection '" + request.getName() + "' already exists").asRuntimeException());
      return;
    }
    CollectionInfo info = CollectionInfo.newBuilder()
        .setName(request.getName())
        .setDimension(request.getDimension())
        .setMetric(request.getMetric())
        .setIndex(request.getIndex().isEmpty() ? "FLAT" : request.getIndex())
        .setPointCount(0)
        .setStatus(CollectionStatus.READY)
        .setIndexMemoryBytes(4096)
        .setCreatedAtMs(CREATED_AT_MS)
        .build();
    collections.put(info.getName(), info);
    responses.onNext(CreateCollectionResponse.newBuilder().setCollection(info).build());
    responses.onCompleted();
  }

  @Override
  public synchronized void get(GetCollectionRequest request, StreamObserver<GetCollectionResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    CollectionInfo info = collections.get(request.getName());
    if (info == null) {
      responses.onError(notFound(request.getName()));
      return;
    }
    responses.onNext(GetCollectionResponse.newBuilder().setCollection(info).build());
    responses.onCompleted();
  }

  @Override
  public synchronized void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    responses.onNext(ListCollectionsResponse.newBuilder().addAllCollections(collections.values()).build());
    responses.onCompleted();
  }

  @Override
  public synchronized void delete(DeleteCollectionRequest request, StreamObserver<DeleteCollectionResponse> responses) {
    requests.add(request);
    if (control.intercept(responses)) {
      return;
    }
    if (collections.remove(request.getName()) == null) {
      responses.onError(notFound(request.getName()));
      return;
    }
    responses.onNext(DeleteCollectionResponse.getDefaultInstance());
    responses.onCompleted();
  }

  /** Puts a collection in place as a newer server might describe it. */
  synchronized void put(CollectionInfo info) {
    collections.put(info.getName(), info);
  }

  synchronized boolean exists(String name) {
    return collections.containsKey(name);
  }

  static RuntimeException notFound(String name) {
    return Status.NOT_FOUND.withDescription("collection '" + name + "' not found").asRuntimeException();
  }
}
