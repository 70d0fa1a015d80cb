package io.quiver.storage.collection;

import java.util.List;

/**
 * A search's hits and how it ran.
 *
 * @param hits best first
 * @param plan the plan that ran (Collection.PLAN_*), also the metric label
 * @param filterMatches live points the filter matched (0 without a filter)
 * @param filterMatchesExact whether filterMatches is exact rather than an estimate
 */
public record SearchResult(List<ScoredPoint> hits, String plan, long filterMatches, boolean filterMatchesExact) {}
