package io.quiver.bench.ann;

import io.quiver.bench.filter.MetadataFilter;
import io.quiver.bench.io.BaseRow;
import io.quiver.bench.io.DatasetMetric;
import io.quiver.bench.report.Progress;
import java.time.Duration;
import java.util.Iterator;

/**
 * What the runner measures: one collection on the engine in this process, or on a server
 * over gRPC. The runner calls {@link #create}, {@link #load}, {@link #awaitIndexed}, then
 * {@link #prepare}s each query outside the timed region and times only {@link #search}.
 *
 * <p>{@link #search} must be safe to call from several threads at once; the other methods
 * are called from one thread.
 *
 * @param <Q> a query ready to send (the target's own request type)
 */
public interface SearchTarget<Q> extends AutoCloseable {
  /** Where the collection lives, for messages, e.g. {@code in-process} or {@code grpc localhost:7070}. */
  String description();

  /**
   * Creates the collection.
   *
   * @return the index spec in the engine's canonical form, e.g. {@code FLAT}
   */
  String create(int dimension, DatasetMetric metric, String indexSpec);

  /** Stores every row as point {@code row} with its metadata as payload, stepping {@code bar} per row. */
  void load(Iterator<BaseRow> rows, Progress.Bar bar);

  /** Blocks until the index is built and searchable, or throws after {@code timeout}. */
  void awaitIndexed(Duration timeout);

  /** Memory the collection's index reports, bytes. */
  long indexMemoryBytes();

  /**
   * Builds the request for one query.
   *
   * @param filter a metadata filter, or null for none
   * @throws io.quiver.bench.filter.UnsupportedFilterException if {@code filter} is set and the
   *     target cannot express it
   */
  Q prepare(float[] vector, int k, SearchKnobs knobs, MetadataFilter filter);

  /** Runs one prepared query; returns the hits' row ids, best first. Thread-safe. */
  int[] search(Q query);

  /** Removes the collection and releases what the target holds. */
  @Override
  void close();
}
