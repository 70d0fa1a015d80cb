package io.quiver.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.quiver.proto.v1.DeletePointsResponse;
import io.quiver.proto.v1.GetServerInfoRequest;
import io.quiver.proto.v1.GetServerInfoResponse;
import io.quiver.proto.v1.ServerInfoGrpc;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.SearchBatchResponse;
import io.quiver.proto.v1.SearchResponse;
import io.quiver.proto.v1.UpsertResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The Quiver client: collections, points and nearest-neighbour search over gRPC.
 *
 * <pre>{@code
 * try (QuiverClient client = QuiverClient.builder().target("localhost:7070").build()) {
 *     client.createCollection(CollectionConfig.of("docs", 3, Metric.COSINE));
 *     client.upsert("docs", List.of(Point.of(1, new float[] {1, 0, 0}, Map.of("title", "a"))));
 *     List<ScoredPoint> hits = client.search("docs",
 *             SearchQuery.builder(new float[] {1, 0, 0}).limit(5).withPayload().build());
 * }
 * }</pre>
 *
 * <p>Every method has a blocking form and an {@code ...Async} twin returning a
 * {@link CompletableFuture}. Failures reported by gRPC or the server are thrown as
 * {@link QuiverException} (async twins complete exceptionally with it); arguments the client
 * can see are wrong (a payload value of an unsupported type, a zero limit) are rejected with
 * {@link IllegalArgumentException} or {@link NullPointerException} before anything is sent, by
 * the async twins too. Each call gets the {@linkplain QuiverClientBuilder#defaultDeadline
 * default deadline}.
 *
 * <p>Thread-safe and immutable; share one client across the application.
 */
public final class QuiverClient implements AutoCloseable {

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  /** The channel calls go over: the given or created one, with the API key interceptor. */
  private final Channel channel;
  /** The channel this client created and must close; {@code null} when it borrows one. */
  private final ManagedChannel ownedChannel;
  private final CallRunner runner;
  private final VersionCheck versionCheck;
  private final RawStubs stubs;

  QuiverClient(Channel channel, ManagedChannel ownedChannel, CallRunner runner, VersionCheck versionCheck) {
    this.channel = channel;
    this.ownedChannel = ownedChannel;
    this.runner = runner;
    this.versionCheck = versionCheck;
    this.stubs = new RawStubs(channel, runner.deadline());
  }

  /** Starts configuring a client. */
  public static QuiverClientBuilder builder() {
    return new QuiverClientBuilder();
  }

  /** This client library's version, e.g. {@code 0.1.0}; {@code unknown} outside a built jar. */
  public static String version() {
    return ClientVersion.VERSION;
  }

  /**
   * A client over the same channel whose calls get {@code deadline} instead, e.g. a long one
   * for a bulk {@link #upsertStream} or a short one for a latency-critical search; it shares
   * everything else (API key, retry policy, executor). Cheap to create per call. Closing it
   * does nothing; close this client instead.
   *
   * @throws IllegalArgumentException if not positive
   */
  public QuiverClient withDeadline(Duration deadline) {
    return new QuiverClient(channel, null, runner.withDeadline(requirePositive(deadline)), versionCheck);
  }

  /** The deadline each call of this client gets; the retries of a call share it. */
  public Duration defaultDeadline() {
    return runner.deadline();
  }

  /**
   * The server's version as the first-use version check saw it, once known: empty when the
   * check is off or the server did not answer. The check starts with the first call; this
   * starts it too.
   */
  public CompletableFuture<Optional<String>> serverVersion() {
    versionCheck.maybeStart();
    return versionCheck.serverVersion();
  }

  // ---- server ----------------------------------------------------------------------------

  /** The server's version, API level and index kinds. */
  public ServerInfo serverInfo() {
    return toInfo(runner.blocking(true, d -> ServerInfoGrpc.newBlockingStub(channel).withDeadline(d)
        .get(GetServerInfoRequest.getDefaultInstance())));
  }

  /** Async twin of {@link #serverInfo}. */
  public CompletableFuture<ServerInfo> serverInfoAsync() {
    return runner.async(true, d -> ServerInfoGrpc.newFutureStub(channel).withDeadline(d)
        .get(GetServerInfoRequest.getDefaultInstance()), QuiverClient::toInfo);
  }

  /** The generated gRPC stubs, with this client's deadline, for anything not covered here. */
  public RawStubs raw() {
    return stubs;
  }

  // ---- collections -----------------------------------------------------------------------

  /**
   * Creates a collection.
   *
   * @return the new collection as the server describes it
   * @throws QuiverException {@code ALREADY_EXISTS} if the name is taken,
   *     {@code INVALID_ARGUMENT} for a bad name, dimension or index spec
   */
  public CollectionInfo createCollection(CollectionConfig config) {
    var request = ProtoConversions.toProto(Objects.requireNonNull(config, "config"));
    return ProtoConversions.fromProto(runner.blocking(false, d -> stubs.collections().withDeadline(d).create(request)).getCollection());
  }

  /** Creates a collection with the server's default index; see {@link #createCollection(CollectionConfig)}. */
  public CollectionInfo createCollection(String name, int dimension, Metric metric) {
    return createCollection(CollectionConfig.of(name, dimension, metric));
  }

  /** Async twin of {@link #createCollection(CollectionConfig)}. */
  public CompletableFuture<CollectionInfo> createCollectionAsync(CollectionConfig config) {
    var request = ProtoConversions.toProto(Objects.requireNonNull(config, "config"));
    return runner.async(false, d -> stubs.collectionsFuture().withDeadline(d).create(request),
        r -> ProtoConversions.fromProto(r.getCollection()));
  }

  /**
   * Returns a collection's configuration, point count and status.
   *
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection
   */
  public CollectionInfo getCollection(String name) {
    var request = Requests.getCollection(name);
    return ProtoConversions.fromProto(runner.blocking(true, d -> stubs.collections().withDeadline(d).get(request)).getCollection());
  }

  /** Async twin of {@link #getCollection}. */
  public CompletableFuture<CollectionInfo> getCollectionAsync(String name) {
    var request = Requests.getCollection(name);
    return runner.async(true, d -> stubs.collectionsFuture().withDeadline(d).get(request),
        r -> ProtoConversions.fromProto(r.getCollection()));
  }

  /** Lists every collection, ordered by name. */
  public List<CollectionInfo> listCollections() {
    var reply = runner.blocking(true, d -> stubs.collections().withDeadline(d).list(ListCollectionsRequest.getDefaultInstance()));
    return ProtoConversions.fromProtoInfos(reply.getCollectionsList());
  }

  /** Async twin of {@link #listCollections}. */
  public CompletableFuture<List<CollectionInfo>> listCollectionsAsync() {
    return runner.async(true, d -> stubs.collectionsFuture().withDeadline(d).list(ListCollectionsRequest.getDefaultInstance()),
        r -> ProtoConversions.fromProtoInfos(r.getCollectionsList()));
  }

  /**
   * Drops a collection and all of its points.
   *
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection
   */
  public void deleteCollection(String name) {
    var request = Requests.deleteCollection(name);
    runner.blocking(false, d -> stubs.collections().withDeadline(d).delete(request));
  }

  /**
   * IVF_PQ: retrains the collection's quantizers in the background on today's points (see
   * {@link CollectionInfo#retrainRecommended()}); searches keep working meanwhile. Returns the
   * collection as the retraining starts.
   *
   * @throws QuiverException FAILED_PRECONDITION for other indexes or while a training runs
   */
  public CollectionInfo retrainCollection(String name) {
    var request = Requests.retrain(name);
    return ProtoConversions.fromProto(
        runner.blocking(false, d -> stubs.collections().withDeadline(d).retrain(request)).getCollection());
  }

  /** Async twin of {@link #deleteCollection}. */
  public CompletableFuture<Void> deleteCollectionAsync(String name) {
    var request = Requests.deleteCollection(name);
    return runner.async(false, d -> stubs.collectionsFuture().withDeadline(d).delete(request), r -> null);
  }

  // ---- points ----------------------------------------------------------------------------

  /**
   * Inserts or replaces points in one durable batch; a point with an existing id is replaced
   * whole. One bad point rejects the batch and nothing changes. The server limits the batch
   * size (1000 by default); use {@link #upsertStream} for more.
   *
   * @throws IllegalArgumentException if a point has no vector or an unsupported payload value
   * @throws QuiverException {@code INVALID_ARGUMENT} for a wrong dimension, a non-finite
   *     component, duplicate ids or too many points; {@code NOT_FOUND} for no such collection
   */
  public UpsertResult upsert(String collection, Collection<? extends Point> points) {
    var request = Requests.upsert(collection, points);
    return toResult(runner.<UpsertResponse>blocking(true, d -> stubs.points().withDeadline(d).upsert(request)));
  }

  /** Async twin of {@link #upsert}. */
  public CompletableFuture<UpsertResult> upsertAsync(String collection, Collection<? extends Point> points) {
    var request = Requests.upsert(collection, points);
    return runner.async(true, d -> stubs.pointsFuture().withDeadline(d).upsert(request), QuiverClient::toResult);
  }

  /**
   * Bulk load: sends the points as a stream of batches of {@code batchSize} over one call,
   * each acknowledged durably by the server before the next is applied, and waits for the
   * summed result. Batches are sent as fast as flow control allows, so the points are read
   * lazily and need not fit in memory. The whole stream shares one deadline; see
   * {@link #withDeadline}.
   *
   * <p>The iterator is consumed on gRPC's callback threads, one batch at a time. If the
   * call fails, the batches already applied stay applied.
   *
   * @param batchSize points per batch, 1 up to the server's limit (1000 by default)
   * @throws IllegalArgumentException if a point has no vector or an unsupported payload value
   *     (the call is cancelled; earlier batches stay applied)
   * @throws QuiverException if the server rejects a batch
   */
  public UpsertResult upsertStream(String collection, Iterator<? extends Point> points, int batchSize) {
    return GrpcCalls.await(upsertStreamAsync(collection, points, batchSize));
  }

  /** {@link #upsertStream(String, Iterator, int)} over an iterable. */
  public UpsertResult upsertStream(String collection, Iterable<? extends Point> points, int batchSize) {
    return upsertStream(collection, Objects.requireNonNull(points, "points").iterator(), batchSize);
  }

  /**
   * Async twin of {@link #upsertStream(String, Iterator, int)}. A failure of the iterator or
   * of a point's conversion completes the future exceptionally with that exception.
   */
  public CompletableFuture<UpsertResult> upsertStreamAsync(String collection, Iterator<? extends Point> points, int batchSize) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(points, "points");
    Requests.requireBatchSize(batchSize);
    return UpsertStreamCall.start(stubs.pointsAsync().withDeadline(runner.newDeadline()), collection, points, batchSize,
        runner.callbackExecutor());
  }

  /** Async twin of {@link #upsertStream(String, Iterable, int)}. */
  public CompletableFuture<UpsertResult> upsertStreamAsync(String collection, Iterable<? extends Point> points, int batchSize) {
    return upsertStreamAsync(collection, Objects.requireNonNull(points, "points").iterator(), batchSize);
  }

  /**
   * Bulk load with pipelining: sends the points in batches of
   * {@link UpsertOptions#batchSize()} as separate {@code Upsert} calls, keeping up to
   * {@link UpsertOptions#maxInFlight()} of them awaiting their acknowledgement at once, and
   * reports progress after each acknowledged batch. Points are read lazily from the iterable
   * on the calling thread, so they need not fit in memory. Each batch is one call with its own
   * deadline and is retried on its own under the client's {@link RetryPolicy} (an upsert is
   * idempotent by id, so a repeated batch does no harm).
   *
   * <p>Returns once every batch is acknowledged. On the first failure no further batch is
   * sent, the ones in flight are awaited, and the failure is thrown; the batches acknowledged
   * before it stay written, and running the same load again is safe.
   *
   * @throws IllegalArgumentException if a point has no vector or an unsupported payload value
   * @throws QuiverException if the server rejects a batch
   */
  public UpsertSummary upsertAll(String collection, Iterable<? extends Point> points, UpsertOptions options) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(points, "points");
    Objects.requireNonNull(options, "options");
    return new UpsertPipeline(collection, options, runner, stubs).run(points.iterator());
  }

  /** {@link #upsertAll(String, Iterable, UpsertOptions)} with the {@linkplain UpsertOptions#defaults() defaults}. */
  public UpsertSummary upsertAll(String collection, Iterable<? extends Point> points) {
    return upsertAll(collection, points, UpsertOptions.defaults());
  }

  /**
   * Reads points by id, with the parts asked for; ids that do not exist are left out.
   *
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection
   */
  public List<Point> getPoints(String collection, Collection<? extends PointId> ids, Include include) {
    var request = Requests.getPoints(collection, ids, include);
    return ProtoConversions.fromProtoPoints(runner.blocking(true, d -> stubs.points().withDeadline(d).get(request)).getPointsList());
  }

  /** Reads points by id with their payloads and vectors; see {@link #getPoints(String, Collection, Include)}. */
  public List<Point> getPoints(String collection, Collection<? extends PointId> ids) {
    return getPoints(collection, ids, Include.PAYLOAD_AND_VECTOR);
  }

  /** Async twin of {@link #getPoints(String, Collection, Include)}. */
  public CompletableFuture<List<Point>> getPointsAsync(String collection, Collection<? extends PointId> ids, Include include) {
    var request = Requests.getPoints(collection, ids, include);
    return runner.async(true, d -> stubs.pointsFuture().withDeadline(d).get(request),
        r -> ProtoConversions.fromProtoPoints(r.getPointsList()));
  }

  /**
   * Deletes points by id; ids that do not exist are ignored.
   *
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection
   */
  public DeleteResult deletePoints(String collection, Collection<? extends PointId> ids) {
    var request = Requests.deletePoints(collection, ids);
    return toResult(runner.<DeletePointsResponse>blocking(true, d -> stubs.points().withDeadline(d).delete(request)));
  }

  /** Async twin of {@link #deletePoints}. */
  public CompletableFuture<DeleteResult> deletePointsAsync(String collection, Collection<? extends PointId> ids) {
    var request = Requests.deletePoints(collection, ids);
    return runner.async(true, d -> stubs.pointsFuture().withDeadline(d).delete(request), QuiverClient::toResult);
  }

  /**
   * Reads one page of points in id order. Pass the previous page's
   * {@link ScrollPage#nextPageToken()} to continue; {@link #scrollAll} does that for you.
   *
   * @param limit points per page; 0 means the server's default (100)
   * @param pageToken {@code null} or empty for the first page
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection,
   *     {@code INVALID_ARGUMENT} for a token the server did not issue
   */
  public ScrollPage scroll(String collection, int limit, String pageToken, Include include) {
    var request = Requests.scroll(collection, limit, pageToken, include);
    return toPage(runner.blocking(true, d -> stubs.points().withDeadline(d).scroll(request)));
  }

  /** Async twin of {@link #scroll}. */
  public CompletableFuture<ScrollPage> scrollAsync(String collection, int limit, String pageToken, Include include) {
    var request = Requests.scroll(collection, limit, pageToken, include);
    return runner.async(true, d -> stubs.pointsFuture().withDeadline(d).scroll(request), QuiverClient::toPage);
  }

  /**
   * Every point of the collection in id order, fetched page by page as the stream is
   * consumed: nothing is requested until the first element is needed, and each page gets
   * its own deadline. A failure surfaces as {@link QuiverException} from the stream
   * operation that needed the page. Sequential; not for sharing between threads.
   *
   * @param pageSize points per page; 0 means the server's default (100)
   */
  public Stream<Point> scrollAll(String collection, int pageSize, Include include) {
    Iterator<Point> points = scrollIterator(collection, pageSize, include);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(points,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
  }

  /**
   * {@link #scrollAll} as an {@link Iterator}: every point in id order, the next page fetched
   * only when the current one is used up. Not thread-safe.
   */
  public Iterator<Point> scrollIterator(String collection, int pageSize, Include include) {
    Requests.scroll(collection, pageSize, "", include); // check the arguments now
    return new ScrollIterator(token -> scroll(collection, pageSize, token, include));
  }

  /**
   * Counts the live points of a collection.
   *
   * @throws QuiverException {@code NOT_FOUND} if there is no such collection
   */
  public long count(String collection) {
    var request = Requests.count(collection);
    return runner.blocking(true, d -> stubs.points().withDeadline(d).count(request)).getCount();
  }

  /** Async twin of {@link #count}. */
  public CompletableFuture<Long> countAsync(String collection) {
    var request = Requests.count(collection);
    return runner.async(true, d -> stubs.pointsFuture().withDeadline(d).count(request), r -> r.getCount());
  }

  // ---- filters ---------------------------------------------------------------------------

  /** Counts the live points that match {@code filter} (exact). */
  public long count(String collection, Filter filter) {
    var request = Requests.count(collection).toBuilder().setFilter(filter.toProto()).build();
    return runner.blocking(true, d -> stubs.points().withDeadline(d).count(request)).getCount();
  }

  /** One page of the points that match {@code filter}, in id order; see {@link #scroll}. */
  public ScrollPage scroll(String collection, int limit, String pageToken, Include include, Filter filter) {
    var request = Requests.scroll(collection, limit, pageToken, include).toBuilder()
        .setFilter(filter.toProto()).build();
    return toPage(runner.blocking(true, d -> stubs.points().withDeadline(d).scroll(request)));
  }

  /** Deletes every point that matches {@code filter} (which must not be empty). */
  public DeleteResult deleteByFilter(String collection, Filter filter) {
    var request = io.quiver.proto.v1.DeletePointsRequest.newBuilder().setCollection(collection)
        .setFilter(filter.toProto()).build();
    // Not retried: a retry would also delete points written since that match the filter.
    return toResult(runner.<io.quiver.proto.v1.DeletePointsResponse>blocking(false,
        d -> stubs.points().withDeadline(d).delete(request)));
  }

  /** Creates an index on a payload field so filters on it are fast; returns the collection's info. */
  public CollectionInfo createFieldIndex(String collection, String field, FieldIndexType type) {
    var request = io.quiver.proto.v1.CreateFieldIndexRequest.newBuilder().setCollection(collection)
        .setField(field).setType(io.quiver.proto.v1.FieldIndexType.valueOf(type.name())).build();
    return ProtoConversions.fromProto(runner.blocking(false,
        d -> stubs.collections().withDeadline(d).createFieldIndex(request)).getCollection());
  }

  /** The type of a payload field index. */
  public enum FieldIndexType {
    KEYWORD, INTEGER, FLOAT, BOOL, TEXT
  }

  /**
   * A search that also says how it ran: the plan ("filtered_exact", "filtered_hnsw", ...)
   * and how many points the filter matched.
   */
  public SearchResult searchWithPlan(String collection, SearchQuery query) {
    var request = Requests.search(collection, query);
    var r = runner.blocking(true, d -> stubs.search().withDeadline(d).search(request));
    return new SearchResult(ProtoConversions.fromProtoHits(r.getHitsList()), r.getPlan(), r.getFilterMatches(),
        r.getFilterMatchesExact());
  }

  /** Hits plus the plan that ran and the filter's match count. */
  public record SearchResult(List<ScoredPoint> hits, String plan, long filterMatches, boolean filterMatchesExact) {}

  // ---- search ----------------------------------------------------------------------------

  /**
   * Returns the points nearest to the query, best first; equal scores are ordered by id.
   *
   * @throws QuiverException {@code INVALID_ARGUMENT} for a wrong dimension or a limit over
   *     the server's maximum; {@code NOT_FOUND} if there is no such collection
   */
  public List<ScoredPoint> search(String collection, SearchQuery query) {
    var request = Requests.search(collection, query);
    return ProtoConversions.fromProtoHits(runner.blocking(true, d -> stubs.search().withDeadline(d).search(request)).getHitsList());
  }

  /** Async twin of {@link #search}. */
  public CompletableFuture<List<ScoredPoint>> searchAsync(String collection, SearchQuery query) {
    var request = Requests.search(collection, query);
    return runner.async(true, d -> stubs.searchFuture().withDeadline(d).search(request), QuiverClient::toHits);
  }

  /**
   * Runs several searches on one collection in one call.
   *
   * @return one hit list per query, in query order
   */
  public List<List<ScoredPoint>> searchBatch(String collection, List<SearchQuery> queries) {
    var request = Requests.searchBatch(collection, queries);
    return toHitLists(runner.blocking(true, d -> stubs.search().withDeadline(d).searchBatch(request)));
  }

  /** Async twin of {@link #searchBatch}. */
  public CompletableFuture<List<List<ScoredPoint>>> searchBatchAsync(String collection, List<SearchQuery> queries) {
    var request = Requests.searchBatch(collection, queries);
    return runner.async(true, d -> stubs.searchFuture().withDeadline(d).searchBatch(request), QuiverClient::toHitLists);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /**
   * Shuts down the channel this client created, waiting up to 5 seconds for calls in flight
   * before cancelling them. A channel passed to {@link QuiverClientBuilder#channel} is left
   * open. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (ownedChannel == null || ownedChannel.isShutdown()) {
      return;
    }
    ownedChannel.shutdown();
    try {
      if (!ownedChannel.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        ownedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      ownedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  static Duration requirePositive(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    return deadline;
  }

  private static ServerInfo toInfo(GetServerInfoResponse r) {
    return new ServerInfo(r.getVersion(), r.getApi(), r.getIndexTypesList());
  }

  private static UpsertResult toResult(UpsertResponse r) {
    return new UpsertResult(r.getApplied(), r.getSequence());
  }

  private static DeleteResult toResult(DeletePointsResponse r) {
    return new DeleteResult(r.getDeleted(), r.getSequence());
  }

  private static ScrollPage toPage(io.quiver.proto.v1.ScrollResponse r) {
    return new ScrollPage(ProtoConversions.fromProtoPoints(r.getPointsList()), r.getNextPageToken());
  }

  private static List<ScoredPoint> toHits(SearchResponse r) {
    return ProtoConversions.fromProtoHits(r.getHitsList());
  }

  private static List<List<ScoredPoint>> toHitLists(SearchBatchResponse r) {
    return r.getResultsList().stream().map(QuiverClient::toHits).toList();
  }
}
