package io.quiver.storage.quant;

import io.quiver.storage.vector.VectorUtil;

/**
 * A set of {@code k} centroids laid out to find the nearest one to a vector quickly, and to
 * take a vector's dot product with all of them at once.
 *
 * <p>Layout: centroids are grouped in blocks of {@code B} (256, or {@code k} rounded up to 16
 * when smaller); inside a block the data is component-major, component {@code t} of centroid
 * {@code b * B + c} at {@code ct[b * dim + t][c]} (one array per row, so the accumulate loop
 * reads two arrays at the same index, a shape C2 vectorises). Squared norms sit in {@code
 * norms[b * B + c]}; padding centroids have a huge norm and zero components, so they never win.
 *
 * <p>Why this shape: {@code ||x - c||^2 = ||x||^2 + ||c||^2 - 2 <x, c>}, and with the block
 * component-major, adding {@code -2 x[t] * c[t]} for one {@code t} is a straight loop over
 * {@code B} floats that C2 turns into SIMD multiply-adds, with no horizontal reduction per
 * centroid. That matters for product-quantizer sub-spaces of a few components, where a
 * per-centroid dot-product kernel would spend its time in set-up and reduction. From
 * {@link #KERNEL_MIN_DIM} components on, {@link #nearest} uses a row-major copy and the SIMD
 * dot-product block kernel instead: measured at d=384, k=256, about 20 GMAC/s against 1-2 for
 * the loop when it read one flat array at an offset (C2 did not vectorise that accumulate).
 *
 * <p>Immutable after construction; thread-safe. Scratch space comes from {@link #newScratch}.
 */
public final class CentroidTable {
  private static final float PAD_NORM = Float.MAX_VALUE / 8;

  private final int k;
  private final int dim;
  private final int blockSize;
  private final int blocks;
  private final float[][] ct;
  private final float[] norms;
  /** Row-major copy for long vectors, scored with the SIMD dot-product block kernel; else null. */
  private final float[] rows;
  /** From this many components on, the dot-product kernel beats the component-major loop. */
  static final int KERNEL_MIN_DIM = 32;

  /** Lays out the {@code k} row-major centroids of {@code dim} components at {@code centroids[offset..]}. */
  public CentroidTable(float[] centroids, int offset, int k, int dim) {
    this.k = k;
    this.dim = dim;
    this.blockSize = k >= 256 ? 256 : Math.max(16, (k + 15) & ~15);
    this.blocks = (k + blockSize - 1) / blockSize;
    this.ct = new float[blocks * dim][blockSize];
    this.norms = new float[blocks * blockSize];
    java.util.Arrays.fill(norms, PAD_NORM);
    this.rows = dim >= KERNEL_MIN_DIM ? java.util.Arrays.copyOfRange(centroids, offset, offset + k * dim) : null;
    for (int c = 0; c < k; c++) {
      int b = c / blockSize;
      int cc = c % blockSize;
      double norm = 0;
      for (int t = 0; t < dim; t++) {
        float v = centroids[offset + c * dim + t];
        ct[b * dim + t][cc] = v;
        norm += (double) v * v;
      }
      norms[c] = (float) norm;
    }
  }

  public int k() {
    return k;
  }

  public int dimension() {
    return dim;
  }

  /** Per-thread working space for {@link #nearest}. */
  public Scratch newScratch() {
    return new Scratch(blockSize, rows == null ? 0 : k, dim);
  }

  /** Working space of one thread. */
  public static final class Scratch {
    final float[] acc;
    final float[] dots;
    final float[] x;
    float best;

    Scratch(int blockSize, int k, int dim) {
      this.acc = new float[Math.max(256, blockSize)];
      this.dots = new float[k];
      this.x = new float[k == 0 ? 0 : dim];
    }

    /** {@code ||c||^2 - 2 <x, c>} of the centroid the last {@link #nearest} call returned. */
    public float bestPartial() {
      return best;
    }
  }

  /**
   * The number of the centroid nearest to {@code x[xOffset .. xOffset + dim)} in Euclidean
   * distance (lowest number on ties). Its squared distance is {@code ||x||^2 +
   * scratch.bestPartial()}.
   */
  public int nearest(float[] x, int xOffset, Scratch scratch) {
    if (rows != null) {
      // Long vectors: one SIMD dot product per centroid (measured ~8x the loop below at d=384).
      float[] q = scratch.x;
      System.arraycopy(x, xOffset, q, 0, dim);
      float[] dots = scratch.dots;
      VectorUtil.dotProductBlock(q, rows, 0, k, dots);
      float best = Float.POSITIVE_INFINITY;
      int bestIndex = 0;
      for (int c = 0; c < k; c++) {
        float d = norms[c] - 2f * dots[c];
        if (d < best) {
          best = d;
          bestIndex = c;
        }
      }
      scratch.best = best;
      return bestIndex;
    }
    float[] acc = scratch.acc;
    int bs = blockSize;
    float best = Float.POSITIVE_INFINITY;
    int bestIndex = 0;
    for (int b = 0; b < blocks; b++) {
      System.arraycopy(norms, b * bs, acc, 0, bs);
      int base = b * dim;
      for (int t = 0; t < dim; t++) {
        float v = -2f * x[xOffset + t];
        float[] row = ct[base + t];
        for (int c = 0; c < bs; c++) {
          acc[c] += v * row[c];
        }
      }
      for (int c = 0; c < bs; c++) {
        if (acc[c] < best) {
          best = acc[c];
          bestIndex = b * bs + c;
        }
      }
    }
    scratch.best = best;
    return bestIndex;
  }

  /** {@code out[outOffset + c] = <x, centroid c>} for every centroid (k values). */
  public void dots(float[] x, int xOffset, float[] out, int outOffset, Scratch scratch) {
    float[] acc = scratch.acc;
    int bs = blockSize;
    for (int b = 0; b < blocks; b++) {
      java.util.Arrays.fill(acc, 0, bs, 0f);
      int base = b * dim;
      for (int t = 0; t < dim; t++) {
        float v = x[xOffset + t];
        float[] row = ct[base + t];
        for (int c = 0; c < bs; c++) {
          acc[c] += v * row[c];
        }
      }
      int n = Math.min(bs, k - b * bs);
      System.arraycopy(acc, 0, out, outOffset + b * bs, n);
    }
  }

  /** Squared norm of centroid {@code c}. */
  public float norm(int c) {
    return norms[c];
  }

  /** Heap bytes. */
  public long ramBytesUsed() {
    return (16L + 4L * blockSize) * ct.length + 4L * norms.length + (rows == null ? 0 : 4L * rows.length) + 48;
  }
}
