package io.quiver.bench.filter;

/**
 * Turns a dataset's {@link MetadataFilter} into the filter type a search target sends: the
 * engine's filter for in-process runs, the client's for runs over gRPC. This is the one
 * place the metadata-filter issue has to plug in; the runner already parses the filtered
 * queries, buckets them by selectivity, and scores recall against their filtered ground truth.
 *
 * <p>Implementations must be thread-safe (the runner prepares queries before timing, from
 * one thread, but targets may be shared).
 *
 * @param <F> the target's filter type
 */
@FunctionalInterface
public interface FilterTranslator<F> {
  /** The message every target without filter support gives. */
  String NOT_SUPPORTED = "filtered search is not supported by this index/server yet";

  /**
   * Translates {@code filter}.
   *
   * @throws UnsupportedFilterException if the target cannot express it
   */
  F translate(MetadataFilter filter);

  /** A translator for a target with no filter support at all; {@code where} names the target. */
  static <F> FilterTranslator<F> unsupported(String where) {
    return filter -> {
      throw new UnsupportedFilterException(NOT_SUPPORTED + " (" + where + ")");
    };
  }
}
