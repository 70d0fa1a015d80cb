package io.quiver.bench.ann;

/**
 * Search-time parameters in one engine-independent record; each target maps it onto its own
 * request type. 0 means "the collection's default". Immutable.
 *
 * @param ef HNSW candidate list size
 * @param nprobe IVF lists to scan
 * @param exact bypass the index
 */
public record SearchKnobs(int ef, int nprobe, boolean exact) {}
