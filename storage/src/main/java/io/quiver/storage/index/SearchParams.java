package io.quiver.storage.index;

/**
 * Per-request knobs of an index; 0 means "the collection's default". Indexes ignore fields
 * they do not use. Immutable.
 *
 * @param ef HNSW: size of the candidate list during search
 * @param nprobe IVF: number of inverted lists to scan
 * @param exact bypass the index and scan every vector
 */
public record SearchParams(int ef, int nprobe, boolean exact) {
  /** Defaults everywhere. */
  public static final SearchParams DEFAULT = new SearchParams(0, 0, false);
}
