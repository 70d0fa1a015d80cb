package io.quiver.storage.quant;

import java.util.function.BooleanSupplier;

/**
 * A product quantizer with 8-bit codes: a vector of {@code dim} components is cut into
 * {@code m} sub-vectors of {@code dsub = dim / m} components, and each sub-vector is replaced
 * by the number (one byte) of the nearest of 256 centroids trained for its sub-space.
 *
 * <p>Codebook layout ({@link #codebooks()}): {@code m * 256 * dsub} floats, sub-quantizer
 * {@code j}'s centroid {@code c} at {@code [(j * 256 + c) * dsub, (j * 256 + c + 1) * dsub)}
 * (FAISS's {@code ProductQuantizer::centroids} order). A code is {@code m} bytes, byte {@code
 * j} the unsigned centroid number of sub-space {@code j}.
 *
 * <p>Lookup tables ({@link #innerProductTable}, {@link #distanceTable}) have the kernels'
 * layout, {@code m * 256} floats with the entry of sub-space {@code j} and centroid {@code c}
 * at {@code j * 256 + c} (see {@code VectorUtilSupport}), so the score of a code is
 * {@code VectorUtil.pqLookupSum(table, code, 0, m)}. Tables are built from a component-major
 * copy of each sub-space's codebook ({@link CentroidTable}), which makes building one a few
 * SIMD loops over 256 floats per component.
 *
 * <p>Immutable after training; thread-safe (callers pass their own scratch).
 */
public final class ProductQuantizer {
  /** Centroids per sub-quantizer (8-bit codes). */
  public static final int KSUB = 256;

  private final int dim;
  private final int m;
  private final int dsub;
  private final float[] codebooks;
  private final CentroidTable[] tables;

  /** A quantizer over existing codebooks (layout in the class comment). */
  public ProductQuantizer(int dim, int m, float[] codebooks) {
    if (m < 1 || dim % m != 0) {
      throw new IllegalArgumentException("m=" + m + " must divide the dimension " + dim);
    }
    this.dim = dim;
    this.m = m;
    this.dsub = dim / m;
    if (codebooks.length != m * KSUB * dsub) {
      throw new IllegalArgumentException("codebooks hold " + codebooks.length + " floats, expected " + m * KSUB * dsub);
    }
    this.codebooks = codebooks;
    this.tables = new CentroidTable[m];
    for (int j = 0; j < m; j++) {
      tables[j] = new CentroidTable(codebooks, j * KSUB * dsub, KSUB, dsub);
    }
  }

  /**
   * Trains {@code m} sub-quantizers on {@code data[0 .. n * dim)} (k-means per sub-space,
   * random init, at most {@code iterations} iterations), the sub-spaces in parallel.
   */
  public static ProductQuantizer train(float[] data, int n, int dim, int m, int iterations, long seed,
      Parallel parallel, BooleanSupplier cancelled) {
    if (m < 1 || dim % m != 0) {
      throw new IllegalArgumentException("m=" + m + " must divide the dimension " + dim);
    }
    int dsub = dim / m;
    float[] codebooks = new float[m * KSUB * dsub];
    parallel.forEach(m, j -> {
      float[] sub = new float[n * dsub];
      for (int i = 0; i < n; i++) {
        System.arraycopy(data, i * dim + j * dsub, sub, i * dsub, dsub);
      }
      KMeans.Result r = KMeans.train(sub, n, dsub, KSUB, iterations, KMeans.Init.RANDOM, seed + j,
          Parallel.SERIAL, cancelled);
      System.arraycopy(r.centroids(), 0, codebooks, j * KSUB * dsub, KSUB * dsub);
    });
    return new ProductQuantizer(dim, m, codebooks);
  }

  public int dimension() {
    return dim;
  }

  /** Number of sub-quantizers, and bytes per code. */
  public int m() {
    return m;
  }

  /** Components per sub-vector. */
  public int dsub() {
    return dsub;
  }

  /** The codebooks (layout in the class comment); do not modify. */
  public float[] codebooks() {
    return codebooks;
  }

  /** Per-thread working space for encoding and tables. */
  public CentroidTable.Scratch newScratch() {
    return tables[0].newScratch();
  }

  /** Writes the {@code m}-byte code of {@code x[xOffset .. xOffset + dim)} to {@code code[codeOffset..]}. */
  public void encode(float[] x, int xOffset, byte[] code, int codeOffset, CentroidTable.Scratch scratch) {
    for (int j = 0; j < m; j++) {
      code[codeOffset + j] = (byte) tables[j].nearest(x, xOffset + j * dsub, scratch);
    }
  }

  /** Writes the vector a code stands for to {@code out[outOffset .. outOffset + dim)}. */
  public void decode(byte[] code, int codeOffset, float[] out, int outOffset) {
    for (int j = 0; j < m; j++) {
      int c = code[codeOffset + j] & 0xFF;
      System.arraycopy(codebooks, (j * KSUB + c) * dsub, out, outOffset + j * dsub, dsub);
    }
  }

  /** {@code table[j * 256 + c] = <q_j, centroid c of sub-space j>}. */
  public void innerProductTable(float[] q, int qOffset, float[] table, CentroidTable.Scratch scratch) {
    for (int j = 0; j < m; j++) {
      tables[j].dots(q, qOffset + j * dsub, table, j * KSUB, scratch);
    }
  }

  /** {@code table[j * 256 + c] = ||q_j - centroid c of sub-space j||^2}. */
  public void distanceTable(float[] q, int qOffset, float[] table, CentroidTable.Scratch scratch) {
    innerProductTable(q, qOffset, table, scratch);
    for (int j = 0; j < m; j++) {
      float qn = 0;
      for (int t = 0; t < dsub; t++) {
        float v = q[qOffset + j * dsub + t];
        qn += v * v;
      }
      for (int c = 0; c < KSUB; c++) {
        table[j * KSUB + c] = qn + tables[j].norm(c) - 2f * table[j * KSUB + c];
      }
    }
  }

  /** Squared norm of centroid {@code c} of sub-space {@code j}. */
  public float centroidNorm(int j, int c) {
    return tables[j].norm(c);
  }

  /** Heap bytes (the codebooks and their component-major copies). */
  public long ramBytesUsed() {
    long bytes = 4L * codebooks.length + 64;
    for (CentroidTable t : tables) {
      bytes += t.ramBytesUsed();
    }
    return bytes;
  }
}
