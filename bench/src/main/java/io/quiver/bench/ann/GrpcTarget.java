package io.quiver.bench.ann;

import io.grpc.Status;
import io.quiver.bench.filter.FilterTranslator;
import io.quiver.bench.filter.MetadataFilter;
import io.quiver.bench.io.BaseRow;
import io.quiver.bench.io.DatasetMetric;
import io.quiver.bench.io.JsonValues;
import io.quiver.bench.report.Progress;
import io.quiver.client.CollectionConfig;
import io.quiver.client.CollectionInfo;
import io.quiver.client.CollectionStatus;
import io.quiver.client.Metric;
import io.quiver.client.Point;
import io.quiver.client.PointId;
import io.quiver.client.QuiverClient;
import io.quiver.client.QuiverException;
import io.quiver.client.ScoredPoint;
import io.quiver.client.SearchQuery;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A collection on a running Quiver server, reached through the Java client: created with the
 * requested index, bulk-loaded over the streaming upsert, queried with one unary
 * {@code Search} call per query (so the latency includes gRPC, as an application sees it).
 *
 * <p>The collection is deleted on {@link #close} unless the caller asks to keep it.
 * Thread-safe for {@link #search} (the client is).
 */
public final class GrpcTarget implements SearchTarget<SearchQuery> {
  private final String target;
  private final String collection;
  private final int batchSize;
  private final boolean keep;
  private final QuiverClient client;
  // Filters go to the server as the client's Filter (issue #7).
  // When it gains conditions, translate into the client's filter type here and set it on the
  // SearchQuery in prepare().
  private final FilterTranslator<io.quiver.client.Filter> filters;
  /** Payload field indexes the run's filters want; created with the collection, before loading. */
  private final io.quiver.bench.filter.QuiverFilters.Needed indexes = new io.quiver.bench.filter.QuiverFilters.Needed();
  private boolean created;

  /**
   * Connects (lazily) to {@code target}.
   *
   * @param target {@code host:port}
   * @param collection the name of the collection to create; it must not exist yet
   * @param batchSize points per streamed upsert batch
   * @param keep leave the collection on the server after the run
   */
  public GrpcTarget(String target, String collection, int batchSize, boolean keep) {
    this.target = target;
    this.collection = collection;
    this.batchSize = batchSize;
    this.keep = keep;
    this.client = QuiverClient.builder().target(target).defaultDeadline(Duration.ofMinutes(2)).build();
    this.filters = io.quiver.bench.filter.QuiverFilters.client();
  }

  @Override
  public String description() {
    return "grpc " + target;
  }

  /** The collection's name on the server. */
  public String collection() {
    return collection;
  }

  @Override
  public String create(int dimension, DatasetMetric metric, String indexSpec) {
    CollectionInfo info;
    try {
      info = client.createCollection(new CollectionConfig(collection, dimension, metric(metric), indexSpec));
    } catch (QuiverException e) {
      String message = "cannot create collection '" + collection + "' on " + target + ": " + e.serverMessage();
      if (e.code() == Status.Code.INVALID_ARGUMENT || e.code() == Status.Code.ALREADY_EXISTS) {
        throw new IllegalArgumentException(message
            + (e.code() == Status.Code.ALREADY_EXISTS ? " (pass another --collection, or delete it)" : ""), e);
      }
      throw new IllegalStateException(message + " (" + e.code() + ")", e);
    }
    created = true;
    indexes.fields().forEach((field, type) -> client.createFieldIndex(collection, field,
        QuiverClient.FieldIndexType.valueOf(type.name())));
    return info.index();
  }

  static Metric metric(DatasetMetric m) {
    return switch (m) {
      case L2 -> Metric.L2;
      case COSINE -> Metric.COSINE;
      case DOT -> Metric.DOT;
    };
  }

  @Override
  public void load(Iterator<BaseRow> rows, Progress.Bar bar) {
    Iterator<Point> points = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Point next() {
        BaseRow r = rows.next();
        bar.step();
        Map<String, Object> payload = r.meta() == null ? Map.of() : JsonValues.toMap(r.meta());
        return Point.of(PointId.ofNumber(r.row()), r.vector(), payload);
      }
    };
    // One deadline covers the whole stream; a million vectors take a while.
    client.withDeadline(Duration.ofHours(12)).upsertStream(collection, points, batchSize);
  }

  @Override
  public void awaitIndexed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.getCollection(collection).status() == CollectionStatus.INDEXING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("collection '" + collection + "' still INDEXING after " + timeout);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the index", e);
      }
    }
  }

  @Override
  public long indexMemoryBytes() {
    return client.getCollection(collection).indexMemoryBytes();
  }

  @Override
  public SearchQuery prepare(float[] vector, int k, SearchKnobs knobs, MetadataFilter filter) {
    SearchQuery.Builder b = SearchQuery.builder(vector).limit(k).ef(knobs.ef()).nprobe(knobs.nprobe());
    if (filter != null) {
      b.filter(filters.translate(filter));
      indexes.add(filter);
    }
    if (knobs.exact()) {
      b.exact();
    }
    return b.build();
  }

  @Override
  public int[] search(SearchQuery query) {
    List<ScoredPoint> hits = client.search(collection, query);
    int[] ids = new int[hits.size()];
    for (int i = 0; i < ids.length; i++) {
      PointId id = hits.get(i).id();
      // Points this runner did not write (string ids, ids past int) cannot be true neighbours.
      ids[i] = id.isNumber() && id.number() >= 0 && id.number() <= Integer.MAX_VALUE ? (int) id.number() : -1;
    }
    return ids;
  }

  @Override
  public void close() {
    try {
      if (created && !keep) {
        client.deleteCollection(collection);
      }
    } catch (QuiverException e) {
      System.err.println("quiver bench: could not delete collection '" + collection + "' on " + target
          + ": " + e.getMessage());
    } finally {
      client.close();
    }
  }
}
