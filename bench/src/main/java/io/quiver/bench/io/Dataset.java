package io.quiver.bench.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.bench.filter.FilterParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * A benchmark dataset directory in the layout of {@code ../shared/data}: {@code base.fvecs},
 * {@code query.fvecs}, {@code groundtruth.ivecs} (exact top-100 ids, 0-based, nearest first)
 * and a {@code README.md} naming the metric; optionally {@code base.meta.jsonl} (one JSON
 * object per base vector, in order) and {@code filtered_queries.jsonl}.
 *
 * <p>The base file stays memory-mapped and is streamed by {@link #baseRows}; queries and
 * ground truth (a few MB) are read into the heap. Every file is checked when the dataset is
 * opened, before any benchmark time is spent.
 *
 * <p>Not thread-safe to open or close; the accessors may be used from several threads.
 */
public final class Dataset implements AutoCloseable {
  /** Selectivity buckets a filter's selectivity is rounded to (on a log scale) when the file
   * gives no bucket; the same list as the peers' harness, so rows line up. */
  private static final double[] BUCKETS = {1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002,
      0.001, 0.0005, 0.0002, 0.0001};

  private final Path dir;
  private final DatasetMetric metric;
  private final VectorFile base;
  private final int totalQueries;
  private final float[][] queries;
  private final int[][] groundTruth;

  private Dataset(Path dir, DatasetMetric metric, VectorFile base, int totalQueries,
      float[][] queries, int[][] groundTruth) {
    this.dir = dir;
    this.metric = metric;
    this.base = base;
    this.totalQueries = totalQueries;
    this.queries = queries;
    this.groundTruth = groundTruth;
  }

  /**
   * Opens and checks a dataset.
   *
   * @param metricOverride the metric to use instead of the README's, or null
   * @param queryLimit use only the first this many queries (0 or less: all)
   * @throws DatasetFormatException naming the file at fault
   */
  public static Dataset open(Path dir, DatasetMetric metricOverride, int queryLimit) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetFormatException(dir + ": not a directory");
    }
    DatasetMetric metric = metricOverride != null ? metricOverride : readmeMetric(dir);
    VectorFile base = VectorFile.open(dir.resolve("base.fvecs"), VectorFile.Kind.FLOAT);
    try (VectorFile query = VectorFile.open(dir.resolve("query.fvecs"), VectorFile.Kind.FLOAT);
        VectorFile gt = VectorFile.open(dir.resolve("groundtruth.ivecs"), VectorFile.Kind.INT)) {
      if (query.dimension() != base.dimension()) {
        throw new DatasetFormatException(query.path() + ": dimension " + query.dimension()
            + " differs from base.fvecs's " + base.dimension());
      }
      int n = queryLimit > 0 ? Math.min(queryLimit, query.count()) : query.count();
      if (gt.count() < n) {
        throw new DatasetFormatException(gt.path() + ": " + gt.count()
            + " ground-truth rows for " + n + " queries");
      }
      int[][] truth = gt.readAllInts(n);
      for (int q = 0; q < n; q++) {
        for (int id : truth[q]) {
          if (id >= base.count()) {
            throw new DatasetFormatException(gt.path() + ": row " + q + " names base vector " + id
                + ", but base.fvecs has " + base.count());
          }
        }
      }
      return new Dataset(dir, metric, base, query.count(), query.readAllFloats(n), truth);
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
  }

  private static DatasetMetric readmeMetric(Path dir) {
    Path readme = dir.resolve("README.md");
    String text;
    try {
      text = Files.readString(readme, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetFormatException(readme + ": cannot read it to find the metric ("
          + e.getMessage() + "); pass --metric l2|cosine|dot");
    }
    DatasetMetric m = DatasetMetric.fromReadme(text);
    if (m == null) {
      throw new DatasetFormatException(readme + ": no line names the metric (l2, cosine or dot); "
          + "pass --metric");
    }
    return m;
  }

  /** The directory's name, e.g. {@code fashion-mnist-784-euclidean}. */
  public String name() {
    return dir.getFileName().toString();
  }

  /** The dataset directory. */
  public Path dir() {
    return dir;
  }

  /** The metric searches use. */
  public DatasetMetric metric() {
    return metric;
  }

  /** Vector dimension. */
  public int dimension() {
    return base.dimension();
  }

  /** Number of base vectors. */
  public int baseCount() {
    return base.count();
  }

  /** The query vectors in use (after the query limit). */
  public float[][] queries() {
    return queries;
  }

  /** Exact neighbour ids per query in use, nearest first. */
  public int[][] groundTruth() {
    return groundTruth;
  }

  /** Neighbours per ground-truth row. */
  public int groundTruthDepth() {
    return groundTruth.length == 0 ? 0 : groundTruth[0].length;
  }

  /** Whether {@code base.meta.jsonl} is present. */
  public boolean hasMeta() {
    return Files.isRegularFile(dir.resolve("base.meta.jsonl"));
  }

  /** Whether {@code filtered_queries.jsonl} is present. */
  public boolean hasFilteredQueries() {
    return Files.isRegularFile(dir.resolve("filtered_queries.jsonl"));
  }

  /**
   * Streams the base vectors in order, each with its metadata object when {@code withMeta}.
   * The iterator must be consumed by one thread; close it (it is {@link AutoCloseable}) to
   * release the metadata file early.
   *
   * @throws DatasetFormatException (from the iterator) if the metadata has fewer lines than
   *     there are vectors, or a line is not a JSON object
   */
  public BaseRows baseRows(boolean withMeta) {
    return baseRows(withMeta, 0, base.count());
  }

  /**
   * Streams base rows {@code from} (inclusive) to {@code to} (exclusive); see
   * {@link #baseRows(boolean)}. Several such iterators may run at once, one per thread.
   */
  public BaseRows baseRows(boolean withMeta, int from, int to) {
    if (from < 0 || to > base.count() || from > to) {
      throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + base.count());
    }
    JsonLines meta = null;
    if (withMeta) {
      meta = JsonLines.open(dir.resolve("base.meta.jsonl"));
      meta.skipLines(from);
    }
    return new BaseRows(meta, from, to);
  }

  /**
   * Parses {@code filtered_queries.jsonl}: one {@code {"query", "filter", "neighbors", ...}}
   * per line. The bucket is the line's {@code selectivity_bucket}, else its
   * {@code target_selectivity} ("10%" becomes "0.1"), else its {@code selectivity} rounded to
   * the nearest of 1, 0.5, 0.2, 0.1, ... on a log scale.
   *
   * @throws DatasetFormatException naming the line at fault
   */
  public List<FilteredQuery> filteredQueries() {
    List<FilteredQuery> out = new ArrayList<>();
    try (JsonLines lines = JsonLines.open(dir.resolve("filtered_queries.jsonl"))) {
      while (lines.hasNext()) {
        JsonNode line = lines.next();
        String where = lines.path() + ":" + lines.lineNumber() + ": ";
        try {
          out.add(filteredQuery(line));
        } catch (IllegalArgumentException e) {
          throw new DatasetFormatException(where + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  private FilteredQuery filteredQuery(JsonNode line) {
    if (!line.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode q = line.get("query");
    if (q == null || !q.canConvertToInt() || q.intValue() < 0 || q.intValue() >= totalQueries) {
      throw new IllegalArgumentException("'query' must be an index into query.fvecs (0.."
          + (totalQueries - 1) + "), got " + q);
    }
    JsonNode nb = line.get("neighbors");
    if (nb == null || !nb.isArray()) {
      throw new IllegalArgumentException("'neighbors' must be a list of base ids");
    }
    int[] neighbors = new int[nb.size()];
    for (int i = 0; i < neighbors.length; i++) {
      JsonNode id = nb.get(i);
      if (!id.canConvertToInt() || id.intValue() >= base.count()) {
        throw new IllegalArgumentException("'neighbors'[" + i + "] is not a base id: " + id);
      }
      neighbors[i] = id.intValue();
    }
    double selectivity = line.hasNonNull("selectivity") ? line.get("selectivity").asDouble() : Double.NaN;
    return new FilteredQuery(q.intValue(), FilterParser.parse(line.get("filter")),
        bucketOf(line, selectivity), selectivity, neighbors);
  }

  private static String bucketOf(JsonNode line, double selectivity) {
    if (line.hasNonNull("selectivity_bucket")) {
      return line.get("selectivity_bucket").asText();
    }
    JsonNode target = line.get("target_selectivity");
    if (target != null && target.isTextual() && target.asText().trim().endsWith("%")) {
      String pct = target.asText().trim();
      return plain(new BigDecimal(pct.substring(0, pct.length() - 1).trim()).movePointLeft(2));
    }
    if (target != null && target.isNumber()) {
      return plain(target.decimalValue());
    }
    if (!Double.isNaN(selectivity)) {
      if (selectivity <= 0) {
        return "0";
      }
      double best = BUCKETS[0];
      for (double b : BUCKETS) {
        if (Math.abs(Math.log(b) - Math.log(selectivity)) < Math.abs(Math.log(best) - Math.log(selectivity))) {
          best = b;
        }
      }
      return plain(BigDecimal.valueOf(best));
    }
    return "all";
  }

  /** A number with at most 4 significant digits and no trailing zeros, e.g. 0.5104 or 0.006. */
  public static String plain(BigDecimal d) {
    BigDecimal r = d.round(new MathContext(4)).stripTrailingZeros();
    return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
  }

  /** {@link #plain(BigDecimal)} of a double. */
  public static String plain(double d) {
    return Double.isNaN(d) ? "" : plain(BigDecimal.valueOf(d));
  }

  @Override
  public void close() {
    base.close();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (%d x %d, %s, %d queries)", name(), base.count(),
        base.dimension(), metric.name().toLowerCase(Locale.ROOT), queries.length);
  }

  /** The base vectors in order; see {@link Dataset#baseRows}. Not thread-safe. */
  public final class BaseRows implements Iterator<BaseRow>, AutoCloseable {
    private final JsonLines meta;
    private final int end;
    private final int start;
    private int next;

    private BaseRows(JsonLines meta, int from, int to) {
      this.meta = meta;
      this.start = from;
      this.next = from;
      this.end = to;
    }

    /** How many rows the iterator yields in all. */
    public int size() {
      return end - start;
    }

    @Override
    public boolean hasNext() {
      return next < end;
    }

    @Override
    public BaseRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int row = next++;
      JsonNode m = null;
      if (meta != null) {
        if (!meta.hasNext()) {
          throw new DatasetFormatException(meta.path() + ": ends after " + meta.lineNumber()
              + " lines, but base.fvecs has " + base.count() + " vectors");
        }
        m = meta.next();
        if (!m.isObject()) {
          throw new DatasetFormatException(meta.path() + ":" + meta.lineNumber()
              + ": expected a JSON object, got " + m.getNodeType());
        }
      }
      return new BaseRow(row, base.floatVector(row), m);
    }

    @Override
    public void close() {
      if (meta != null) {
        meta.close();
      }
    }
  }
}
