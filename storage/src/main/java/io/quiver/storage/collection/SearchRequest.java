package io.quiver.storage.collection;

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
 */
public record SearchRequest(float[] vector, int limit, Float scoreThreshold, boolean withPayload,
    boolean withVector, SearchParams params) {

  /** A plain top-{@code limit} query with defaults. */
  public static SearchRequest of(float[] vector, int limit) {
    return new SearchRequest(vector, limit, null, false, false, SearchParams.DEFAULT);
  }
}
