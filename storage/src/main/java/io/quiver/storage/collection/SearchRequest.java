package io.quiver.storage.collection;

import io.quiver.storage.filter.Filter;
import io.quiver.storage.index.SearchParams;

/**
 * A nearest-neighbour query against one collection.
 *
 * @param vector the query; normalised by the collection when its metric is COSINE
 * @param limit k, at least 1
 * @param scoreThreshold keep only hits at least this good, or null
 * @param withPayload return payloads
 * @param withVector return stored vectors
 * @param params index knobs
 * @param filter only points that match it, or null for all
 */
public record SearchRequest(float[] vector, int limit, Float scoreThreshold, boolean withPayload,
    boolean withVector, SearchParams params, Filter filter) {

  /** An unfiltered query. */
  public SearchRequest(float[] vector, int limit, Float scoreThreshold, boolean withPayload,
      boolean withVector, SearchParams params) {
    this(vector, limit, scoreThreshold, withPayload, withVector, params, null);
  }

  /** A plain top-{@code limit} query with defaults. */
  public static SearchRequest of(float[] vector, int limit) {
    return new SearchRequest(vector, limit, null, false, false, SearchParams.DEFAULT);
  }

  /** This query with {@code filter}. */
  public SearchRequest withFilter(Filter filter) {
    return new SearchRequest(vector, limit, scoreThreshold, withPayload, withVector, params, filter);
  }
}
