package io.quiver.storage.index;

/**
 * Per-request knobs of an index; 0 means "the collection's default". Indexes ignore fields
 * they do not use. Immutable.
 *
 * @param ef HNSW: size of the candidate list during search
 * @param nprobe IVF: number of inverted lists to scan
 * @param exact bypass the index and scan every vector
 * @param refine IVF-PQ: re-rank factor; {@code refine * k} candidates are taken by their PQ
 *     code and re-scored exactly with the stored vectors
 */
public record SearchParams(int ef, int nprobe, boolean exact, int refine) {
  /** Defaults everywhere. */
  public static final SearchParams DEFAULT = new SearchParams(0, 0, false, 0);

  /** Without a refine factor (the collection's default). */
  public SearchParams(int ef, int nprobe, boolean exact) {
    this(ef, nprobe, exact, 0);
  }
}
