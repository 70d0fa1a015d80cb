package io.quiver.bench.io;

import io.quiver.bench.filter.MetadataFilter;

/**
 * One line of {@code filtered_queries.jsonl}: a query vector (by its index in
 * {@code query.fvecs}), a metadata filter, and the exact top neighbours among the base rows
 * that match the filter.
 *
 * @param query index into the query file
 * @param filter the filter, parsed
 * @param bucket the selectivity bucket the query is reported under, e.g. {@code "0.1"}
 * @param selectivity the fraction of base rows the filter matches (as the file states it, or
 *     NaN when it does not)
 * @param neighbors exact filtered neighbours, nearest first (0-based base rows)
 */
public record FilteredQuery(int query, MetadataFilter filter, String bucket, double selectivity,
    int[] neighbors) {}
