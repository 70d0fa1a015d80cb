package io.quiver.client;

import java.time.Duration;

/**
 * The outcome of an {@link QuiverClient#upsertAll upsertAll}: every point acknowledged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points points written
 * @param batches batches (Upsert calls) that wrote them
 * @param sequence the highest operation sequence number among the batches' acknowledgements
 *     (read as unsigned); a read that sees it sees every point of the load
 * @param elapsed wall time of the whole load
 */
public record UpsertSummary(long points, long batches, long sequence, Duration elapsed) {}
