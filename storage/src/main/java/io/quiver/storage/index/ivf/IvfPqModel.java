package io.quiver.storage.index.ivf;

import io.quiver.storage.quant.CentroidTable;
import io.quiver.storage.quant.KMeans;
import io.quiver.storage.quant.Parallel;
import io.quiver.storage.quant.ProductQuantizer;
import io.quiver.storage.vector.VectorSimilarity;
import io.quiver.storage.vector.VectorUtil;
import java.util.function.BooleanSupplier;

/**
 * The trained part of an IVF-PQ index: the coarse centroids ({@code nlist * dim} floats,
 * row-major), the product quantizer of the residuals, and for L2 the precomputed per-list
 * term of the distance.
 *
 * <p>Encoding: a vector goes to the list of its nearest centroid in Euclidean distance (which
 * keeps residuals, and so PQ error, small for every metric), and its residual {@code x - c}
 * is PQ-encoded.
 *
 * <p>Estimated distance (lower is better) of query {@code q} to a code in list {@code l} with
 * centroid {@code c} and decoded residual {@code r = sum_j r_j}:
 *
 * <ul>
 *   <li>inner product (DOT, and COSINE on unit vectors): {@code -<q, x> = -<q, c> - sum_j
 *       <q_j, r_j>}. The table {@code -<q_j, centroid>} is built once per query and serves
 *       every list; the list adds the constant {@code -<q, c>}.
 *   <li>L2: {@code ||q - c - r||^2 = ||q - c||^2 + sum_j (||r_j||^2 + 2 <c_j, r_j>) - 2 sum_j
 *       <q_j, r_j>} (sub-spaces are disjoint, so the sums split exactly). The middle term
 *       depends only on the list and the code: it is precomputed at training ({@code nlist * m
 *       * 256} floats, FAISS's "precomputed table"), so a list's table is one add of two
 *       tables instead of {@code 256 * dim} multiply-adds for a residual table. Above
 *       {@link #MAX_PRECOMPUTED_BYTES} the per-list residual table is computed instead.
 * </ul>
 *
 * <p>Lists are probed by nearest centroid for L2 and COSINE, and by largest {@code <q, c>} for
 * DOT, whose best matches sit in the lists with the largest base score.
 *
 * <p>Immutable; thread-safe (callers pass their own scratch).
 */
final class IvfPqModel {
  /** Largest precomputed L2 term table; beyond it, per-list residual tables are built. */
  static final long MAX_PRECOMPUTED_BYTES = 256L << 20;
  static final int COARSE_ITERATIONS = 20;
  static final int PQ_ITERATIONS = 20;
  static final long SEED = 0x5EED_1F_9AL;

  final int dim;
  final int nlist;
  final int m;
  final VectorSimilarity metric;
  final float[] centroids;
  final float[] centroidNorms;
  final CentroidTable coarse;
  final ProductQuantizer pq;
  /** L2 only: {@code [l * m * 256 + j * 256 + c] = ||r_jc||^2 + 2 <c_l,j, r_jc>}; null otherwise or too big. */
  final float[] precomputed;
  /** How many points the quantizers were trained on. */
  final int trainedPoints;

  IvfPqModel(int dim, VectorSimilarity metric, float[] centroids, int nlist, ProductQuantizer pq, int trainedPoints) {
    this.dim = dim;
    this.nlist = nlist;
    this.m = pq.m();
    this.metric = metric;
    this.centroids = centroids;
    this.pq = pq;
    this.trainedPoints = trainedPoints;
    this.coarse = new CentroidTable(centroids, 0, nlist, dim);
    this.centroidNorms = new float[nlist];
    for (int l = 0; l < nlist; l++) {
      centroidNorms[l] = coarse.norm(l);
    }
    if (metric == VectorSimilarity.L2 && 4L * nlist * m * ProductQuantizer.KSUB <= MAX_PRECOMPUTED_BYTES) {
      precomputed = new float[nlist * m * ProductQuantizer.KSUB];
      CentroidTable.Scratch s = pq.newScratch();
      int ts = m * ProductQuantizer.KSUB;
      float[] dots = new float[ts];
      for (int l = 0; l < nlist; l++) {
        pq.innerProductTable(centroids, l * dim, dots, s);
        for (int j = 0; j < m; j++) {
          for (int c = 0; c < ProductQuantizer.KSUB; c++) {
            int i = j * ProductQuantizer.KSUB + c;
            precomputed[l * ts + i] = pq.centroidNorm(j, c) + 2f * dots[i];
          }
        }
      }
    } else {
      precomputed = null;
    }
  }

  /** Trains the coarse centroids and the residual quantizer on {@code n} row-major vectors. */
  static IvfPqModel train(float[] sample, int n, int dim, VectorSimilarity metric, IvfPqParams params,
      Parallel parallel, BooleanSupplier cancelled) {
    KMeans.Result coarse = KMeans.train(sample, n, dim, params.nlist(), COARSE_ITERATIONS, KMeans.Init.KMEANS_PLUS_PLUS,
        SEED, parallel, cancelled);
    float[] centroids = coarse.centroids();
    CentroidTable table = new CentroidTable(centroids, 0, params.nlist(), dim);
    float[] residuals = new float[n * dim];
    int chunks = Math.max(1, Math.min(n / 256, parallel.threads() * 4));
    parallel.forEach(chunks, chunk -> {
      CentroidTable.Scratch s = table.newScratch();
      int from = (int) ((long) n * chunk / chunks);
      int to = (int) ((long) n * (chunk + 1) / chunks);
      for (int i = from; i < to; i++) {
        int l = table.nearest(sample, i * dim, s);
        for (int t = 0; t < dim; t++) {
          residuals[i * dim + t] = sample[i * dim + t] - centroids[l * dim + t];
        }
      }
    });
    ProductQuantizer pq = ProductQuantizer.train(residuals, n, dim, params.m(), PQ_ITERATIONS, SEED + 1,
        parallel, cancelled);
    return new IvfPqModel(dim, metric, centroids, params.nlist(), pq, n);
  }

  /** Per-thread working space. */
  final class Scratch {
    final CentroidTable.Scratch centroid = coarse.newScratch();
    final CentroidTable.Scratch sub = pq.newScratch();
    final float[] residual = new float[dim];
  }

  Scratch newScratch() {
    return new Scratch();
  }

  /** Encodes {@code x} into {@code code[codeOffset..+m)}; returns its list. */
  int encode(float[] x, byte[] code, int codeOffset, Scratch s) {
    int list = coarse.nearest(x, 0, s.centroid);
    float[] r = s.residual;
    for (int t = 0; t < dim; t++) {
      r[t] = x[t] - centroids[list * dim + t];
    }
    pq.encode(r, 0, code, codeOffset, s.sub);
    return list;
  }

  /** Writes the approximation of a code in {@code list} to {@code out}. */
  void decode(int list, byte[] code, int codeOffset, float[] out) {
    pq.decode(code, codeOffset, out, 0);
    for (int t = 0; t < dim; t++) {
      out[t] += centroids[list * dim + t];
    }
  }

  /** Writes {@code <q, c>} for every centroid {@code c} to {@code qc}, for {@link #probe}. */
  void centroidDots(float[] q, float[] qc) {
    VectorUtil.dotProductBlock(q, centroids, 0, nlist, qc);
  }

  /**
   * Chooses the {@code nprobe} lists to scan, nearest first (ties by list number, so the
   * first {@code n} of a larger choice are the choice of {@code n}), into {@code lists}, and
   * writes each one's base distance (the list's constant term, see the class comment) to
   * {@code base}. {@code qc} holds {@link #centroidDots}'s output for the same query.
   */
  void probe(float qNorm, int nprobe, float[] qc, int[] lists, float[] base) {
    // Keys (lower is nearer) in a max-heap of the nprobe best, then heap-sorted ascending.
    float[] keys = base;
    int size = 0;
    boolean dot = metric == VectorSimilarity.DOT;
    for (int l = 0; l < nlist; l++) {
      float key = dot ? -qc[l] : centroidNorms[l] - 2f * qc[l];
      if (size < nprobe) {
        int i = size++;
        while (i > 0) {
          int p = (i - 1) >>> 1;
          if (!after(key, l, keys[p], lists[p])) {
            break;
          }
          keys[i] = keys[p];
          lists[i] = lists[p];
          i = p;
        }
        keys[i] = key;
        lists[i] = l;
      } else if (key < keys[0]) {
        siftDown(keys, lists, size, key, l);
      }
    }
    for (int end = size - 1; end > 0; end--) {
      float key = keys[end];
      int l = lists[end];
      keys[end] = keys[0];
      lists[end] = lists[0];
      siftDown(keys, lists, end, key, l);
    }
    for (int i = 0; i < size; i++) {
      int l = lists[i];
      base[i] = metric == VectorSimilarity.L2 ? Math.max(0f, qNorm + centroidNorms[l] - 2f * qc[l]) : -qc[l];
    }
  }

  /** Whether (key a, list la) sorts after (key b, list lb): larger key, then larger list. */
  private static boolean after(float a, int la, float b, int lb) {
    return a > b || (a == b && la > lb);
  }

  /** Puts (key, list) at the root of the max-heap {@code [0, size)} and sifts it down. */
  private static void siftDown(float[] keys, int[] lists, int size, float key, int list) {
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        break;
      }
      int right = left + 1;
      int bigger = right < size && after(keys[right], lists[right], keys[left], lists[left]) ? right : left;
      if (!after(keys[bigger], lists[bigger], key, list)) {
        break;
      }
      keys[i] = keys[bigger];
      lists[i] = lists[bigger];
      i = bigger;
    }
    keys[i] = key;
    lists[i] = list;
  }

  /** Heap bytes. */
  long ramBytesUsed() {
    return 4L * centroids.length + 4L * centroidNorms.length + coarse.ramBytesUsed() + pq.ramBytesUsed()
        + (precomputed == null ? 0 : 4L * precomputed.length) + 64;
  }
}
