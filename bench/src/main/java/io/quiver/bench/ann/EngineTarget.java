package io.quiver.bench.ann;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.bench.filter.FilterTranslator;
import io.quiver.bench.filter.MetadataFilter;
import io.quiver.bench.io.BaseRow;
import io.quiver.bench.io.DatasetMetric;
import io.quiver.bench.report.Progress;
import io.quiver.storage.collection.Collection;
import io.quiver.storage.collection.CollectionConfig;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.DatabaseOptions;
import io.quiver.storage.collection.Point;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.collection.ScoredPoint;
import io.quiver.storage.collection.SearchRequest;
import io.quiver.storage.index.SearchParams;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine in this process, with no gRPC in between: a {@link Database} in a temporary
 * directory that is deleted on {@link #close}.
 *
 * <p>The database is opened with WAL sync off: the data is thrown away after the run, so the
 * fsync per batch would only measure the disk, not the index (it is what {@code bench ingest}
 * measures, against a server). Everything else is the engine's normal write path.
 *
 * <p>Thread-safe for {@link #search}; the rest is called from the runner's thread.
 */
public final class EngineTarget implements SearchTarget<SearchRequest> {
  private static final String COLLECTION = "bench";
  private static final int BATCH = 1000;

  private final Path dir;
  private final Database db;
  private final FilterTranslator<io.quiver.storage.filter.Filter> filters = io.quiver.bench.filter.QuiverFilters.engine();
  /** Payload field indexes the run's filters want; created with the collection, before loading. */
  private final io.quiver.bench.filter.QuiverFilters.Needed indexes = new io.quiver.bench.filter.QuiverFilters.Needed();
  private Collection collection;

  /** Opens an empty database in a new temporary directory. */
  public EngineTarget() {
    try {
      this.dir = Files.createTempDirectory("quiver-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data directory", e);
    }
    this.db = Database.open(dir, new DatabaseOptions(64L << 20, false));
  }

  @Override
  public String description() {
    return "in-process";
  }

  @Override
  public String create(int dimension, DatasetMetric metric, String indexSpec) {
    collection = db.create(COLLECTION, dimension, similarity(metric), indexSpec, CollectionConfig.MAX_DIMENSION);
    indexes.fields().forEach(collection::createFieldIndex);
    return collection.config().index().toString();
  }

  static VectorSimilarity similarity(DatasetMetric m) {
    return switch (m) {
      case L2 -> VectorSimilarity.L2;
      case COSINE -> VectorSimilarity.COSINE;
      case DOT -> VectorSimilarity.DOT;
    };
  }

  @Override
  public void load(Iterator<BaseRow> rows, Progress.Bar bar) {
    List<Point> batch = new ArrayList<>(BATCH);
    while (rows.hasNext()) {
      BaseRow r = rows.next();
      batch.add(new Point(PointId.of(r.row()), r.vector(), r.meta() == null ? Payload.EMPTY : payload(r.meta())));
      if (batch.size() == BATCH) {
        collection.upsert(batch);
        bar.advance(batch.size());
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      collection.upsert(batch);
      bar.advance(batch.size());
    }
  }

  /** The engine payload of a JSON object. */
  static Payload payload(JsonNode object) {
    Map<String, PayloadValue> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      fields.put(f.getKey(), value(f.getValue()));
    }
    return new Payload(fields);
  }

  private static PayloadValue value(JsonNode n) {
    if (n == null || n.isNull()) {
      return PayloadValue.Null.INSTANCE;
    }
    if (n.isTextual()) {
      return new PayloadValue.Text(n.textValue());
    }
    if (n.isBoolean()) {
      return new PayloadValue.Bool(n.booleanValue());
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return new PayloadValue.Int(n.longValue());
    }
    if (n.isNumber()) {
      return new PayloadValue.Real(n.doubleValue());
    }
    if (n.isArray()) {
      List<PayloadValue> values = new ArrayList<>(n.size());
      n.forEach(e -> values.add(value(e)));
      return new PayloadValue.ListOf(values);
    }
    Map<String, PayloadValue> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      fields.put(f.getKey(), value(f.getValue()));
    }
    return new PayloadValue.MapOf(fields);
  }

  @Override
  public void awaitIndexed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!collection.info().ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the index was not ready after " + timeout);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the index", e);
    }
  }

  @Override
  public long indexMemoryBytes() {
    return collection.info().indexRamBytes();
  }

  @Override
  public SearchRequest prepare(float[] vector, int k, SearchKnobs knobs, MetadataFilter filter) {
    io.quiver.storage.filter.Filter f = null;
    if (filter != null) {
      f = filters.translate(filter);
      indexes.add(filter);
      if (collection != null) {
        indexes.fields().forEach(collection::createFieldIndex); // idempotent
      }
    }
    return new SearchRequest(vector, k, null, false, false,
        new SearchParams(knobs.ef(), knobs.nprobe(), knobs.exact()), f);
  }

  @Override
  public int[] search(SearchRequest query) {
    List<ScoredPoint> hits = collection.search(query);
    int[] ids = new int[hits.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) ((PointId.Num) hits.get(i).id()).value();
    }
    return ids;
  }

  @Override
  public void close() {
    try {
      db.close();
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("quiver bench: could not delete " + root + " (" + e.getMessage() + ")");
    }
  }
}
