package io.quiver.bench.io;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One base vector as the loader streams it.
 *
 * @param row 0-based position in {@code base.fvecs}; the point id the runner stores it under,
 *     so that search results compare directly with the ground truth
 * @param vector the vector (a fresh copy the consumer may keep)
 * @param meta the row's object from {@code base.meta.jsonl}, or null when not loaded
 */
public record BaseRow(int row, float[] vector, JsonNode meta) {}
