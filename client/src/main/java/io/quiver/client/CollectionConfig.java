package io.quiver.client;

import java.util.Objects;

/**
 * What a new collection looks like: its name, vector dimension, metric and index.
 *
 * <p>Immutable and thread-safe. The server checks the limits (name of 1..255 characters from
 * {@code [A-Za-z0-9_-]}, dimension up to its configured maximum, a known index spec).
 *
 * @param name the collection's name
 * @param dimension number of vector components, at least 1
 * @param metric how vectors are compared; not {@link Metric#UNKNOWN}
 * @param index index factory string, e.g. {@code "FLAT"}; empty lets the server choose
 *     (currently {@code "FLAT"}, an exact scan)
 */
public record CollectionConfig(String name, int dimension, Metric metric, String index) {

  /**
   * Checks the arguments a client can check on its own.
   *
   * @throws IllegalArgumentException if the dimension is below 1 or the metric is
   *     {@link Metric#UNKNOWN}
   */
  public CollectionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
    }
    if (metric == Metric.UNKNOWN) {
      throw new IllegalArgumentException("metric must be COSINE, DOT or L2, not UNKNOWN");
    }
    index = Objects.requireNonNullElse(index, "");
  }

  /** A collection with the server's default index. */
  public static CollectionConfig of(String name, int dimension, Metric metric) {
    return new CollectionConfig(name, dimension, metric, "");
  }

  /** A copy with the given index factory string. */
  public CollectionConfig withIndex(String index) {
    return new CollectionConfig(name, dimension, metric, index);
  }
}
