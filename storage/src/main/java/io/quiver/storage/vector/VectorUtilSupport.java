package io.quiver.storage.vector;

import java.lang.foreign.MemorySegment;

/**
 * The distance kernels behind {@link VectorUtil}. There are two implementations: {@link
 * ScalarVectorUtilSupport}, plain Java and the reference every other one is tested against,
 * and a Panama (Vector API) one in {@code io.quiver.storage.vector.panama}. {@link
 * VectorizationProvider} picks one per JVM.
 *
 * <p>Implementations trust their arguments: lengths, offsets and counts are checked by the
 * facade, and here only with {@code assert}. Every implementation must be stateless and
 * thread-safe.
 *
 * <h2>Layouts</h2>
 *
 * <ul>
 *   <li><b>Float block</b>: {@code count} vectors of {@code query.length} floats stored back to
 *       back, vector {@code v} component {@code i} at {@code data[offset + v * d + i]}.
 *   <li><b>Off-heap float block</b>: the same layout in a {@link MemorySegment}, floats
 *       little-endian (the native order of every platform Quiver runs on), vector {@code v}
 *       component {@code i} at byte {@code byteOffset + 4 * (v * d + i)}; no alignment needed.
 *   <li><b>Int8 block</b>: as the float block, with signed bytes.
 *   <li><b>PQ lookup table</b>: {@code m} sub-quantizers x 256 entries, the partial score of
 *       sub-quantizer {@code j} for centroid {@code c} (0..255) at {@code table[j * 256 + c]}.
 *       A PQ code is {@code m} bytes read as unsigned 8-bit centroid numbers; its score is
 *       {@code sum over j of table[j * 256 + (code[j] & 0xFF)]}. A block holds {@code count}
 *       codes of {@code m} bytes back to back.
 *   <li><b>Interleaved PQ block</b>: {@link #PQ_BLOCK} codes stored column by column, so that
 *       byte {@code j} of all of them is contiguous: byte {@code j} of code {@code i} at {@code
 *       codes[offset + j * PQ_BLOCK + i]}. One SIMD lane per code then adds up its own score
 *       in the scalar order, with no horizontal sum (the layout of FAISS's fast-scan lists).
 * </ul>
 *
 * <p>Float results may differ between implementations by rounding (they sum in a different
 * order); int8 results are exact and identical (int32 sums wrap, as Java {@code int} does,
 * only beyond about 33,000 dimensions).
 */
public interface VectorUtilSupport {

  /** A short name for logs and benchmarks: {@code "scalar"} or {@code "panama"}. */
  String name();

  /** Dot product of {@code a[aOffset..aOffset+length)} and {@code b[bOffset..bOffset+length)}. */
  float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length);

  /** Squared Euclidean distance of two ranges; see {@link #dotProduct(float[], int, float[], int, int)}. */
  float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

  /**
   * Cosine similarity of two ranges that need not be unit length: {@code dot / (|a| |b|)},
   * or 0 when either has norm 0; see {@link #cosineFromParts}.
   */
  float cosine(float[] a, int aOffset, float[] b, int bOffset, int length);

  /** Sum of squares of {@code a[offset..offset+length)} (the squared Euclidean norm). */
  float squareNorm(float[] a, int offset, int length);

  /**
   * Dot products of {@code query} with four vectors that need not be adjacent (vector {@code k}
   * at {@code data[k][offsets[k] .. + query.length)}), into {@code scores[0..4)}. Graph searches
   * score a node's neighbours, which lie scattered in memory; reading four of them in one pass
   * keeps four cache misses in flight instead of one.
   */
  void dotProduct4(float[] query, float[][] data, int[] offsets, float[] scores);

  /** Squared distances of {@code query} to four scattered vectors; see {@link #dotProduct4}. */
  void squareDistance4(float[] query, float[][] data, int[] offsets, float[] scores);

  /** Dot products of {@code query} with a float block (see the class comment); {@code count} scores. */
  void dotProductBlock(float[] query, float[] data, int offset, int count, float[] scores);

  /** Squared distances of {@code query} to a float block; {@code count} scores. */
  void squareDistanceBlock(float[] query, float[] data, int offset, int count, float[] scores);

  /** Cosine similarities of {@code query} with a float block; {@code count} scores. */
  void cosineBlock(float[] query, float[] data, int offset, int count, float[] scores);

  /** Dot products of {@code query} with an off-heap float block; {@code count} scores. */
  void dotProductBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores);

  /** Squared distances of {@code query} to an off-heap float block; {@code count} scores. */
  void squareDistanceBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores);

  /** Cosine similarities of {@code query} with an off-heap float block; {@code count} scores. */
  void cosineBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores);

  /** Dot product of two signed int8 ranges, accumulated exactly in int32. */
  int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int length);

  /**
   * Dot product of a float range with a signed int8 range (each byte read as its integer
   * value): an unquantized query against a quantized vector, the form an int8 graph walk
   * uses so that only the stored side carries rounding error.
   */
  float dotProduct(float[] a, int aOffset, byte[] b, int bOffset, int length);

  /** Squared Euclidean distance of two signed int8 ranges, accumulated exactly in int32. */
  int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int length);

  /** Int8 dot products of {@code query} with an int8 block; {@code count} scores. */
  void dotProductBlock(byte[] query, byte[] data, int offset, int count, int[] scores);

  /** Int8 squared distances of {@code query} to an int8 block; {@code count} scores. */
  void squareDistanceBlock(byte[] query, byte[] data, int offset, int count, int[] scores);

  /**
   * Sum of the PQ lookup table entries selected by one code of {@code m} bytes at {@code
   * codes[codesOffset..]}; see the table layout in the class comment.
   */
  float pqLookupSum(float[] table, byte[] codes, int codesOffset, int m);

  /** {@link #pqLookupSum} for {@code count} codes of {@code m} bytes back to back; {@code count} scores. */
  void pqLookupSumBlock(float[] table, byte[] codes, int codesOffset, int count, int m, float[] scores);

  /**
   * Codes in one interleaved PQ block (see the layout in the class comment): 64, the byte lanes
   * of a 512-bit vector, so that {@link #pqLookupSumQuantized} looks up a whole block's byte
   * {@code j} with one in-register table shuffle.
   */
  int PQ_BLOCK = 64;

  /**
   * {@link #pqLookupSum} for the {@value #PQ_BLOCK} codes of one interleaved block: byte {@code
   * j} of code {@code i} at {@code codes[codesOffset + j * PQ_BLOCK + i]}; writes {@code
   * scores[0..PQ_BLOCK)}. Each score is summed in the order {@code j = 0, 1, ..., m-1}, the
   * same order as {@link #pqLookupSum}, so every implementation returns the same floats.
   */
  void pqLookupSumInterleaved(float[] table, byte[] codes, int codesOffset, int m, float[] scores);

  /**
   * The PQ lookup-sum of one interleaved block over a table quantized to unsigned bytes (FAISS's
   * "fast scan" arithmetic, applied to 8-bit codes): {@code sums[i] = (short) sum over j < m of
   * (table[j * 256 + c] & 0xFF)} with {@code c = codes[codesOffset + j * PQ_BLOCK + i] & 0xFF},
   * for the {@value #PQ_BLOCK} codes of the block, read as unsigned 16-bit values (the sum wraps
   * modulo 2^16, so the caller keeps {@code m * max entry <= 65535}). Returns a bit mask with
   * bit {@code i} set when {@code sums[i] <= maxSum} (unsigned; {@code 0 <= maxSum <= 65535}),
   * so that a scan only visits the codes that can enter its heap. Integer arithmetic: every
   * implementation returns the same sums and mask.
   */
  long pqLookupSumQuantized(byte[] table, byte[] codes, int codesOffset, int m, int maxSum, short[] sums);

  /**
   * Quantizes a PQ table of {@code m} x 256 floats to unsigned bytes for {@link
   * #pqLookupSumQuantized}: writes {@code mins[j]}, the smallest entry of sub-table {@code j}
   * (NaN entries are skipped), and {@code entries[i] = (byte) min(levels, round((table[i] -
   * mins[j]) * scale))}, rounding half to even, with
   * {@code scale = levels / widest} (0 when {@code widest} is 0), {@code widest} being the largest
   * {@code max_j - min_j}; returns {@code widest / levels}, the distance of one step. So an
   * entry is {@code mins[j] + q * step} to within half a step. Min and max are exact, and the
   * arithmetic is the same in every implementation, so the bytes are identical.
   */
  float pqQuantizeTable(float[] table, int m, int levels, float[] mins, byte[] entries);

  /**
   * Whether {@link #pqLookupSumQuantized} runs on in-register shuffles here (in the Panama
   * implementation: 512-bit vectors and AVX-512 VBMI); when not, it is a scalar loop that is
   * slower than the float gather of {@link #pqLookupSumInterleaved}, and callers should use that.
   */
  default boolean fastQuantizedPqLookup() {
    return false;
  }

  /**
   * Finishes a cosine from its parts, the same way in every implementation so that they only
   * differ by the rounding of the sums: the division happens in double, and a zero vector
   * (which has no direction) scores 0 rather than NaN so that it sorts as unrelated.
   */
  static float cosineFromParts(float dot, float squareNormA, float squareNormB) {
    double denominator = Math.sqrt((double) squareNormA * (double) squareNormB);
    return denominator == 0 ? 0f : (float) (dot / denominator);
  }
}
