package io.quiver.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.UpsertResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One client-streaming bulk upsert: reads points from an iterator, groups them into batches
 * and sends a batch whenever gRPC's flow control says the stream is ready, so a large load
 * never piles up in memory.
 *
 * <p>gRPC calls the handlers below one at a time, on its callback threads, so the fields need
 * no locking; that is also where the caller's iterator is consumed. Not for use by several
 * threads beyond that.
 */
final class UpsertStreamCall implements ClientResponseObserver<UpsertRequest, UpsertResponse> {

  private final String collection;
  private final Iterator<? extends Point> points;
  private final int batchSize;
  private final Executor callbackExecutor;
  private final CompletableFuture<UpsertResult> result = new CompletableFuture<>();

  private ClientCallStreamObserver<UpsertRequest> requests;
  private boolean doneSending;
  private UpsertResponse response;

  private UpsertStreamCall(String collection, Iterator<? extends Point> points, int batchSize, Executor callbackExecutor) {
    this.collection = collection;
    this.points = points;
    this.batchSize = batchSize;
    this.callbackExecutor = callbackExecutor;
  }

  /** Starts the call; the future completes with the server's summed reply. */
  static CompletableFuture<UpsertResult> start(PointsGrpc.PointsStub stub, String collection,
      Iterator<? extends Point> points, int batchSize, Executor callbackExecutor) {
    UpsertStreamCall call = new UpsertStreamCall(collection, points, batchSize, callbackExecutor);
    stub.upsertStream(call);
    return call.result;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<UpsertRequest> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::sendWhileReady);
    result.whenComplete((value, failure) -> {
      if (result.isCancelled()) {
        requestStream.cancel("bulk upsert cancelled by the caller", null);
      }
    });
  }

  private void sendWhileReady() {
    if (doneSending) {
      return;
    }
    try {
      while (requests.isReady()) {
        if (!points.hasNext()) {
          doneSending = true;
          requests.onCompleted();
          return;
        }
        requests.onNext(nextBatch());
      }
    } catch (RuntimeException | Error e) {
      // The caller's iterator or one of its points failed: report that, not the
      // CANCELLED status that cancelling the call will produce.
      doneSending = true;
      complete(() -> result.completeExceptionally(e));
      requests.cancel("the client failed to produce the next batch", e);
    }
  }

  private UpsertRequest nextBatch() {
    UpsertRequest.Builder batch = UpsertRequest.newBuilder().setCollection(collection);
    while (batch.getPointsCount() < batchSize && points.hasNext()) {
      Point point = points.next();
      if (point == null) {
        throw new NullPointerException("the points iterator returned null");
      }
      batch.addPoints(ProtoConversions.toProto(point));
    }
    return batch.build();
  }

  @Override
  public void onNext(UpsertResponse value) {
    response = value;
  }

  @Override
  public void onError(Throwable t) {
    doneSending = true;
    complete(() -> result.completeExceptionally(QuiverException.translate(t)));
  }

  @Override
  public void onCompleted() {
    UpsertResponse r = response == null ? UpsertResponse.getDefaultInstance() : response;
    complete(() -> result.complete(new UpsertResult(r.getApplied(), r.getSequence())));
  }

  private void complete(Runnable completion) {
    callbackExecutor.execute(completion);
  }
}
