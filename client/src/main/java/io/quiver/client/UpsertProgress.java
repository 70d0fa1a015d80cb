package io.quiver.client;

import java.time.Duration;

/**
 * How far an {@link QuiverClient#upsertAll upsertAll} has got: cumulative counts of what the
 * server has acknowledged durably so far.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points points acknowledged so far
 * @param batches batches acknowledged so far
 * @param elapsed time since the load started
 */
public record UpsertProgress(long points, long batches, Duration elapsed) {}
