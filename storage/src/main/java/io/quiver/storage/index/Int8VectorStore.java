package io.quiver.storage.index;

import java.util.Arrays;

/**
 * An int8 copy of a {@link ChunkedVectorStore}'s vectors, a quarter of their size, for graph
 * traversal: an HNSW search walks the graph with approximate distances from these codes and
 * re-scores only its final candidates with the float vectors. On a collection larger than the
 * CPU caches the walk is bound by memory traffic (each float vector of 384 dimensions is 24
 * cache lines, its code 6), so this is what lets it scale.
 *
 * <p>Scalar quantization per vector, symmetric: {@code code[i] = round(x[i] / scale)} with
 * {@code scale = max|x| / 127}, so every vector uses the full int8 range whatever its
 * magnitude, no training pass is needed, and vectors can arrive one at a time. Then {@code <x,
 * y> ~ scale(y) * <x, code(y)>} for a float query {@code x}. Used for the similarity metrics
 * only: for squared L2, {@code |x|^2 + |y|^2 - 2 <x, y>} is a small difference of large terms
 * for data away from the origin, and the codes' rounding swamps it (Fashion-MNIST: recall@10
 * at ef = 10 fell from 0.95 to 0.92; a stale-graph test missed exact matches at ef = 128).
 *
 * <p>Layout: the same chunking as the float store (vector {@code o} in chunk {@code o >>>
 * shift} at byte offset {@code (o & mask) * dimension}), with one float scale per vector in
 * parallel chunks. Thread-safety: the float store's (one writer
 * under the collection's write lock; directories replaced, never changed in place).
 */
public final class Int8VectorStore {
  private final int dimension;
  private final int shift;
  private final int mask;
  private volatile byte[][] codes = new byte[0][];
  private volatile float[][] scales = new float[0][];

  Int8VectorStore(int dimension, int shift) {
    this.dimension = dimension;
    this.shift = shift;
    this.mask = (1 << shift) - 1;
  }

  public int dimension() {
    return dimension;
  }

  void ensureChunks(int needed) {
    if (needed <= codes.length) {
      return;
    }
    int perChunk = mask + 1;
    byte[][] c = Arrays.copyOf(codes, needed);
    float[][] s = Arrays.copyOf(scales, needed);
    for (int i = codes.length; i < needed; i++) {
      c[i] = new byte[perChunk * dimension];
      s[i] = new float[perChunk];
    }
    // Scales first: a reader that sees the new codes directory sees them too.
    scales = s;
    codes = c;
  }

  /** Quantizes {@code vector[offset .. offset + dimension)} into {@code ordinal}'s slot. */
  void set(int ordinal, float[] vector, int offset) {
    byte[] out = codes[ordinal >>> shift];
    int at = (ordinal & mask) * dimension;
    scales[ordinal >>> shift][ordinal & mask] = quantize(vector, offset, dimension, out, at);
  }

  /**
   * Writes the int8 code of {@code x[offset .. offset + n)} to {@code out[outOffset ..)} and
   * returns its scale (0 for a zero vector, whose code is all zeros).
   */
  public static float quantize(float[] x, int offset, int n, byte[] out, int outOffset) {
    float max = 0f;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x[offset + i]));
    }
    if (!(max > 0f) || !Float.isFinite(max)) {
      Arrays.fill(out, outOffset, outOffset + n, (byte) 0);
      return 0f;
    }
    float inverse = 127f / max;
    for (int i = 0; i < n; i++) {
      out[outOffset + i] = (byte) Math.round(x[offset + i] * inverse);
    }
    return max / 127f;
  }

  /** The code chunk holding {@code ordinal}. */
  public byte[] chunkOf(int ordinal) {
    return codes[ordinal >>> shift];
  }

  /** Byte offset of {@code ordinal}'s code inside {@link #chunkOf}. */
  public int offsetOf(int ordinal) {
    return (ordinal & mask) * dimension;
  }

  /** The scale of {@code ordinal}'s code. */
  public float scale(int ordinal) {
    return scales[ordinal >>> shift][ordinal & mask];
  }

  long ramBytesUsed() {
    long perChunk = (long) (mask + 1) * (dimension + Float.BYTES) + 2 * 16;
    return codes.length * perChunk + 2 * 16L * codes.length;
  }
}
