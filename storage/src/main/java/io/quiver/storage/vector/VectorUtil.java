package io.quiver.storage.vector;

import java.lang.foreign.MemorySegment;

/**
 * The public entry point to Quiver's distance kernels. It checks its arguments and throws
 * {@link IllegalArgumentException} naming the lengths involved; the {@link VectorUtilSupport}
 * behind it (chosen once by {@link VectorizationProvider}) trusts its input. Block layouts,
 * the off-heap float order and the PQ table layout are described on {@link
 * VectorUtilSupport}. Thread-safe (stateless).
 */
public final class VectorUtil {
  // static final, so C2 sees one receiver and inlines the kernels into callers.
  private static final VectorUtilSupport IMPL = VectorizationProvider.get();

  private VectorUtil() {}

  /** The name of the kernels in use: {@code "scalar"} or {@code "panama"}. */
  public static String implementationName() {
    return IMPL.name();
  }

  /** Dot product of two vectors of the same length. */
  public static float dotProduct(float[] a, float[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.dotProduct(a, 0, b, 0, a.length);
  }

  /** Dot product of {@code a[aOffset..aOffset+length)} and {@code b[bOffset..bOffset+length)}. */
  public static float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length) {
    checkRange("a", a.length, aOffset, length);
    checkRange("b", b.length, bOffset, length);
    return IMPL.dotProduct(a, aOffset, b, bOffset, length);
  }

  /** Squared Euclidean distance between two vectors of the same length. */
  public static float squareDistance(float[] a, float[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.squareDistance(a, 0, b, 0, a.length);
  }

  /** Squared Euclidean distance between two ranges; see {@link #dotProduct(float[], int, float[], int, int)}. */
  public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    checkRange("a", a.length, aOffset, length);
    checkRange("b", b.length, bOffset, length);
    return IMPL.squareDistance(a, aOffset, b, bOffset, length);
  }

  /**
   * Cosine similarity of two vectors that need not be unit length, in [-1, 1] up to rounding;
   * 0 when either vector is all zeros.
   */
  public static float cosine(float[] a, float[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.cosine(a, 0, b, 0, a.length);
  }

  /** Euclidean norm of {@code a}. */
  public static float norm(float[] a) {
    return (float) Math.sqrt(IMPL.squareNorm(a, 0, a.length));
  }

  /**
   * Dot products of {@code query} with {@code count} vectors of {@code query.length}
   * components stored back to back in {@code data} from float offset {@code offset}; writes
   * {@code scores[0..count)}.
   */
  public static void dotProductBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    checkBlock(query.length, data.length, offset, count, scores.length);
    IMPL.dotProductBlock(query, data, offset, count, scores);
  }

  /** Squared distances of {@code query} to a block of vectors; see {@link #dotProductBlock}. */
  public static void squareDistanceBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    checkBlock(query.length, data.length, offset, count, scores.length);
    IMPL.squareDistanceBlock(query, data, offset, count, scores);
  }

  /** Cosine similarities of {@code query} with a block of vectors; see {@link #dotProductBlock}. */
  public static void cosineBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    checkBlock(query.length, data.length, offset, count, scores.length);
    IMPL.cosineBlock(query, data, offset, count, scores);
  }

  /**
   * Dot products of {@code query} with {@code count} vectors stored off-heap as little-endian
   * floats back to back from byte {@code byteOffset} of {@code data}; writes {@code
   * scores[0..count)}.
   */
  public static void dotProductBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    checkSegmentBlock(query.length, data, byteOffset, count, scores.length);
    IMPL.dotProductBlock(query, data, byteOffset, count, scores);
  }

  /** Squared distances of {@code query} to an off-heap block; see {@link #dotProductBlock(float[], MemorySegment, long, int, float[])}. */
  public static void squareDistanceBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    checkSegmentBlock(query.length, data, byteOffset, count, scores.length);
    IMPL.squareDistanceBlock(query, data, byteOffset, count, scores);
  }

  /** Cosine similarities of {@code query} with an off-heap block; see {@link #dotProductBlock(float[], MemorySegment, long, int, float[])}. */
  public static void cosineBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    checkSegmentBlock(query.length, data, byteOffset, count, scores.length);
    IMPL.cosineBlock(query, data, byteOffset, count, scores);
  }

  /** Dot product of two signed int8 vectors, exact in int32. */
  public static int dotProduct(byte[] a, byte[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.dotProduct(a, 0, b, 0, a.length);
  }

  /** Dot product of a float vector with a signed int8 vector (bytes read as integers). */
  public static float dotProduct(float[] a, byte[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.dotProduct(a, 0, b, 0, a.length);
  }

  /** Squared Euclidean distance of two signed int8 vectors, exact in int32. */
  public static int squareDistance(byte[] a, byte[] b) {
    checkSameLength(a.length, b.length);
    return IMPL.squareDistance(a, 0, b, 0, a.length);
  }

  /** Int8 dot products of {@code query} with a block of int8 vectors; see {@link #dotProductBlock}. */
  public static void dotProductBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    checkBlock(query.length, data.length, offset, count, scores.length);
    IMPL.dotProductBlock(query, data, offset, count, scores);
  }

  /** Int8 squared distances of {@code query} to a block of int8 vectors; see {@link #dotProductBlock}. */
  public static void squareDistanceBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    checkBlock(query.length, data.length, offset, count, scores.length);
    IMPL.squareDistanceBlock(query, data, offset, count, scores);
  }

  /**
   * The PQ score of one code: {@code sum over j < m of table[j * 256 + (codes[codesOffset + j]
   * & 0xFF)]}. The table holds {@code m} sub-quantizers x 256 centroids, row-major by
   * sub-quantizer; code bytes are unsigned centroid numbers.
   */
  public static float pqLookupSum(float[] table, byte[] codes, int codesOffset, int m) {
    checkPqTable(table.length, m);
    checkRange("codes", codes.length, codesOffset, m);
    return IMPL.pqLookupSum(table, codes, codesOffset, m);
  }

  /**
   * {@link #pqLookupSum} for {@code count} codes of {@code m} bytes stored back to back from
   * {@code codesOffset}; writes {@code scores[0..count)}.
   */
  public static void pqLookupSumBlock(float[] table, byte[] codes, int codesOffset, int count, int m, float[] scores) {
    checkPqTable(table.length, m);
    checkBlock(m, codes.length, codesOffset, count, scores.length);
    IMPL.pqLookupSumBlock(table, codes, codesOffset, count, m, scores);
  }

  /**
   * {@link #pqLookupSum} for the {@value VectorUtilSupport#PQ_BLOCK} codes of one interleaved
   * block at {@code codesOffset} (byte {@code j} of code {@code i} at {@code codes[codesOffset
   * + j * PQ_BLOCK + i]}); writes {@code scores[0..PQ_BLOCK)}, each exactly the float {@link
   * #pqLookupSum} gives for that code.
   */
  public static void pqLookupSumInterleaved(float[] table, byte[] codes, int codesOffset, int m, float[] scores) {
    checkPqTable(table.length, m);
    checkBlock(m, codes.length, codesOffset, VectorUtilSupport.PQ_BLOCK, scores.length);
    IMPL.pqLookupSumInterleaved(table, codes, codesOffset, m, scores);
  }

  /**
   * {@link VectorUtilSupport#pqLookupSumQuantized}: the unsigned 16-bit sums of one interleaved
   * block of {@value VectorUtilSupport#PQ_BLOCK} codes over a table of unsigned bytes, into
   * {@code sums[0..PQ_BLOCK)}; returns the mask of codes whose sum is at most {@code maxSum}.
   */
  public static long pqLookupSumQuantized(byte[] table, byte[] codes, int codesOffset, int m, int maxSum,
      short[] sums) {
    checkPqTable(table.length, m);
    checkBlock(m, codes.length, codesOffset, VectorUtilSupport.PQ_BLOCK, sums.length);
    if (maxSum < 0 || maxSum > 0xFFFF) {
      throw new IllegalArgumentException("maxSum must be in [0, 65535], was " + maxSum);
    }
    return IMPL.pqLookupSumQuantized(table, codes, codesOffset, m, maxSum, sums);
  }

  /**
   * {@link VectorUtilSupport#pqQuantizeTable}: quantizes {@code m} sub-tables of 256 floats to
   * {@code entries} (unsigned bytes of at most {@code levels}), writes each sub-table's minimum
   * to {@code mins} and returns the distance of one step.
   */
  public static float pqQuantizeTable(float[] table, int m, int levels, float[] mins, byte[] entries) {
    checkPqTable(table.length, m);
    checkPqTable(entries.length, m);
    if (mins.length < m) {
      throw new IllegalArgumentException("mins length " + mins.length + " < m " + m);
    }
    if (levels < 1 || levels > 255) {
      throw new IllegalArgumentException("levels must be in [1, 255], was " + levels);
    }
    return IMPL.pqQuantizeTable(table, m, levels, mins, entries);
  }

  /** Whether {@link #pqLookupSumQuantized} is the fast way to scan PQ codes on this machine. */
  public static boolean fastQuantizedPqLookup() {
    return IMPL.fastQuantizedPqLookup();
  }

  private static void checkSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("vector lengths differ: " + a + " != " + b);
    }
  }

  private static void checkRange(String name, int arrayLength, int offset, int length) {
    if (offset < 0 || length < 0 || (long) offset + length > arrayLength) {
      throw new IllegalArgumentException(name + "[" + offset + ".." + ((long) offset + length)
          + ") is outside an array of length " + arrayLength);
    }
  }

  private static void checkBlock(int dimension, int dataLength, int offset, int count, int scoresLength) {
    long end = offset + (long) count * dimension;
    if (offset < 0 || count < 0 || end > dataLength) {
      throw new IllegalArgumentException("block of " + count + " vectors of length " + dimension
          + " at offset " + offset + " exceeds data length " + dataLength);
    }
    if (scoresLength < count) {
      throw new IllegalArgumentException("scores length " + scoresLength + " < count " + count);
    }
  }

  private static void checkSegmentBlock(int dimension, MemorySegment data, long byteOffset, int count, int scoresLength) {
    long bytes = (long) count * dimension * Float.BYTES;
    if (byteOffset < 0 || count < 0 || byteOffset + bytes > data.byteSize()) {
      throw new IllegalArgumentException("block of " + count + " vectors of length " + dimension
          + " (" + bytes + " bytes) at byte offset " + byteOffset + " exceeds segment size " + data.byteSize());
    }
    if (scoresLength < count) {
      throw new IllegalArgumentException("scores length " + scoresLength + " < count " + count);
    }
  }

  private static void checkPqTable(int tableLength, int m) {
    if (m < 0 || (long) m * 256 > tableLength) {
      throw new IllegalArgumentException("PQ table of length " + tableLength + " is shorter than m * 256 = "
          + (long) m * 256 + " (m = " + m + ")");
    }
  }
}
