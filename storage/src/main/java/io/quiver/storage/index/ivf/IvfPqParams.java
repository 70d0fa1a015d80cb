package io.quiver.storage.index.ivf;

import io.quiver.storage.StorageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * IVF-PQ parameters, with FAISS's short names:
 *
 * @param nlist number of inverted lists (coarse k-means centroids)
 * @param m number of sub-quantizers: each vector's residual is cut into {@code m} sub-vectors
 *     of {@code dimension / m} components, each stored as one byte; {@code m} must divide the
 *     dimension
 * @param nbits bits per sub-quantizer code; only 8 (256 centroids per sub-space) is built
 * @param nprobe default number of lists a search scans (a request may override it)
 * @param refine default re-rank factor: a search takes {@code refine * k} candidates by code
 *     and re-scores them exactly with the stored vectors (a request may override it)
 * @param trainMin live points needed before the quantizers are trained; until then the
 *     collection is searched exactly (default {@code max(39 * nlist, 256)}, FAISS's minimum)
 * @param trainSize at most this many points are sampled to train (default {@code 256 * nlist})
 */
public record IvfPqParams(int nlist, int m, int nbits, int nprobe, int refine, int trainMin, int trainSize) {
  public static final int DEFAULT_NLIST = 1024;
  public static final int DEFAULT_M = 32;
  public static final int DEFAULT_NPROBE = 16;
  public static final int DEFAULT_REFINE = 4;
  private static final Set<String> KEYS = Set.of("nlist", "m", "nbits", "nprobe", "refine", "train_min", "train_size");

  /** Reads the spec parameters, with defaults; INVALID_ARGUMENT naming the field and limit. */
  public static IvfPqParams from(Map<String, Integer> spec) {
    for (String key : spec.keySet()) {
      if (!KEYS.contains(key)) {
        throw StorageException.invalid("index: IVF_PQ has no parameter '" + key
            + "'; known: nlist, m, nbits, nprobe, refine, train_min, train_size");
      }
    }
    int nlist = spec.getOrDefault("nlist", DEFAULT_NLIST);
    if (nlist < 1 || nlist > 65_536) {
      throw StorageException.invalid("index: IVF_PQ nlist must be 1..65536, got " + nlist);
    }
    int m = spec.getOrDefault("m", DEFAULT_M);
    if (m < 1 || m > 1024) {
      throw StorageException.invalid("index: IVF_PQ m must be 1..1024, got " + m);
    }
    int nbits = spec.getOrDefault("nbits", 8);
    if (nbits != 8) {
      throw StorageException.invalid("index: IVF_PQ nbits=" + nbits + " is not supported; only nbits=8");
    }
    int nprobe = spec.getOrDefault("nprobe", Math.min(nlist, DEFAULT_NPROBE));
    if (nprobe < 1 || nprobe > nlist) {
      throw StorageException.invalid("index: IVF_PQ nprobe must be 1..nlist (" + nlist + "), got " + nprobe);
    }
    int refine = spec.getOrDefault("refine", DEFAULT_REFINE);
    if (refine < 1 || refine > 1000) {
      throw StorageException.invalid("index: IVF_PQ refine must be 1..1000, got " + refine);
    }
    int floor = Math.max(nlist, 256);
    int trainMin = spec.getOrDefault("train_min", (int) Math.min(1 << 30, Math.max(floor, 39L * nlist)));
    if (trainMin < floor) {
      throw StorageException.invalid("index: IVF_PQ train_min must be at least max(nlist, 256) = " + floor
          + " (k-means needs a point per centroid), got " + trainMin);
    }
    int trainSize = spec.getOrDefault("train_size", (int) Math.min(1 << 30, Math.max(trainMin, 256L * nlist)));
    if (trainSize < trainMin) {
      throw StorageException.invalid("index: IVF_PQ train_size must be at least train_min (" + trainMin
          + "), got " + trainSize);
    }
    return new IvfPqParams(nlist, m, nbits, nprobe, refine, trainMin, trainSize);
  }

  /** Every parameter by its spec name, in canonical order. */
  public Map<String, Integer> toSpec() {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("nlist", nlist);
    out.put("m", m);
    out.put("nbits", nbits);
    out.put("nprobe", nprobe);
    out.put("refine", refine);
    out.put("train_min", trainMin);
    out.put("train_size", trainSize);
    return out;
  }

  /** INVALID_ARGUMENT unless {@code m} divides {@code dimension}. */
  public void checkDimension(int dimension) {
    if (dimension % m != 0) {
      throw StorageException.invalid("index: IVF_PQ m=" + m + " must divide the dimension " + dimension);
    }
  }
}
