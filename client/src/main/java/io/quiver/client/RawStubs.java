package io.quiver.client;

import io.grpc.Channel;
import io.grpc.stub.AbstractStub;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.SearchGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The generated gRPC stubs, for what the typed methods of {@link QuiverClient} do not cover.
 *
 * <p>Each method returns a stub whose deadline is the client's default deadline counted from
 * <em>now</em>, so fetch a fresh stub for each call rather than keeping one. Errors from these
 * stubs are gRPC's own {@code StatusRuntimeException}, not {@link QuiverException}.
 * Immutable and thread-safe.
 */
public final class RawStubs {

  private final Channel channel;
  private final long deadlineNanos;
  private final CollectionsGrpc.CollectionsBlockingStub collections;
  private final PointsGrpc.PointsBlockingStub points;
  private final SearchGrpc.SearchBlockingStub search;
  private final CollectionsGrpc.CollectionsFutureStub collectionsFuture;
  private final PointsGrpc.PointsFutureStub pointsFuture;
  private final SearchGrpc.SearchFutureStub searchFuture;
  private final PointsGrpc.PointsStub pointsAsync;

  RawStubs(Channel channel, Duration defaultDeadline) {
    this.channel = channel;
    this.deadlineNanos = defaultDeadline.toNanos();
    this.collections = CollectionsGrpc.newBlockingStub(channel);
    this.points = PointsGrpc.newBlockingStub(channel);
    this.search = SearchGrpc.newBlockingStub(channel);
    this.collectionsFuture = CollectionsGrpc.newFutureStub(channel);
    this.pointsFuture = PointsGrpc.newFutureStub(channel);
    this.searchFuture = SearchGrpc.newFutureStub(channel);
    this.pointsAsync = PointsGrpc.newStub(channel);
  }

  /** Blocking stub of the {@code Collections} service. */
  public CollectionsGrpc.CollectionsBlockingStub collections() {
    return withDeadline(collections);
  }

  /** Blocking stub of the {@code Points} service (no client streaming; see {@link #pointsAsync()}). */
  public PointsGrpc.PointsBlockingStub points() {
    return withDeadline(points);
  }

  /** Blocking stub of the {@code Search} service. */
  public SearchGrpc.SearchBlockingStub search() {
    return withDeadline(search);
  }

  /** Future stub of the {@code Collections} service. */
  public CollectionsGrpc.CollectionsFutureStub collectionsFuture() {
    return withDeadline(collectionsFuture);
  }

  /** Future stub of the {@code Points} service. */
  public PointsGrpc.PointsFutureStub pointsFuture() {
    return withDeadline(pointsFuture);
  }

  /** Future stub of the {@code Search} service. */
  public SearchGrpc.SearchFutureStub searchFuture() {
    return withDeadline(searchFuture);
  }

  /** Callback stub of the {@code Points} service, the one that can drive {@code UpsertStream}. */
  public PointsGrpc.PointsStub pointsAsync() {
    return withDeadline(pointsAsync);
  }

  /** The channel the client talks over, for building other stubs. */
  public Channel channel() {
    return channel;
  }

  private <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
  }
}
