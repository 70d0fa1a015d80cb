package io.quiver.storage.index.hnsw;

import io.quiver.storage.StorageException;
import java.util.Map;

/**
 * HNSW parameters, with the papers' short names:
 *
 * @param m {@code M}: neighbours kept per node on the upper levels (2M on level 0); more
 *     means better recall and more memory
 * @param efConstruction {@code efConstruction}: beam width while inserting; more means a
 *     better graph and a slower build
 * @param ef {@code ef}: default beam width of a search (a request may override it); more
 *     means better recall and slower searches
 */
public record HnswParams(int m, int efConstruction, int ef) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 200;
  public static final int DEFAULT_EF = 128;

  /** Reads {@code m}, {@code ef_construction} and {@code ef} from spec parameters, with defaults. */
  public static HnswParams from(Map<String, Integer> spec) {
    for (String key : spec.keySet()) {
      if (!key.equals("m") && !key.equals("ef_construction") && !key.equals("ef")) {
        throw StorageException.invalid("index: HNSW has no parameter '" + key + "'; known: m, ef_construction, ef");
      }
    }
    int m = spec.getOrDefault("m", DEFAULT_M);
    int efc = spec.getOrDefault("ef_construction", DEFAULT_EF_CONSTRUCTION);
    int ef = spec.getOrDefault("ef", DEFAULT_EF);
    if (m < 2 || m > 128) {
      throw StorageException.invalid("index: HNSW m must be 2..128, got " + m);
    }
    if (efc < 1 || efc > 4096) {
      throw StorageException.invalid("index: HNSW ef_construction must be 1..4096, got " + efc);
    }
    if (ef < 1 || ef > 65_536) {
      throw StorageException.invalid("index: HNSW ef must be 1..65536, got " + ef);
    }
    return new HnswParams(m, efc, ef);
  }
}
