package io.quiver.storage.vector.panama;

import io.quiver.storage.vector.VectorUtilSupport;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.VectorShape;

/**
 * The Vector API (Panama) kernels. This package is the only code that imports {@code
 * jdk.incubator.vector}; it is loaded by reflection from {@code VectorizationProvider} only
 * after that module has been found, so nothing else may reference this class directly.
 * The kernels themselves live in {@link FloatKernels}, {@link SegmentKernels}, {@link
 * ByteKernels} and {@link PqKernels}, each with its shape explained. Stateless and
 * thread-safe.
 */
public final class PanamaVectorUtilSupport implements VectorUtilSupport {

  /** Creates the kernels; only {@code VectorizationProvider} should call this. */
  public PanamaVectorUtilSupport() {}

  /** Bits in the JVM's preferred vector shape on this CPU (e.g. 256 for AVX2, 512 for AVX-512). */
  public static int preferredBitSize() {
    return VectorShape.preferredShape().vectorBitSize();
  }

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int length) {
    return FloatKernels.dotProduct(a, aOffset, b, bOffset, length);
  }

  @Override
  public void dotProduct4(float[] query, float[][] data, int[] offsets, float[] scores) {
    FloatKernels.dotProduct4(query, data, offsets, scores);
  }

  @Override
  public void squareDistance4(float[] query, float[][] data, int[] offsets, float[] scores) {
    FloatKernels.squareDistance4(query, data, offsets, scores);
  }

  @Override
  public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
    return FloatKernels.squareDistance(a, aOffset, b, bOffset, length);
  }

  @Override
  public float cosine(float[] a, int aOffset, float[] b, int bOffset, int length) {
    return FloatKernels.cosine(a, aOffset, b, bOffset, length);
  }

  @Override
  public float squareNorm(float[] a, int offset, int length) {
    return FloatKernels.squareNorm(a, offset, length);
  }

  @Override
  public void dotProductBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    FloatKernels.dotProductBlock(query, data, offset, count, scores);
  }

  @Override
  public void squareDistanceBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    FloatKernels.squareDistanceBlock(query, data, offset, count, scores);
  }

  @Override
  public void cosineBlock(float[] query, float[] data, int offset, int count, float[] scores) {
    FloatKernels.cosineBlock(query, data, offset, count, scores);
  }

  @Override
  public void dotProductBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    SegmentKernels.dotProductBlock(query, data, byteOffset, count, scores);
  }

  @Override
  public void squareDistanceBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    SegmentKernels.squareDistanceBlock(query, data, byteOffset, count, scores);
  }

  @Override
  public void cosineBlock(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
    SegmentKernels.cosineBlock(query, data, byteOffset, count, scores);
  }

  @Override
  public int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
    return ByteKernels.dotProduct(a, aOffset, b, bOffset, length);
  }

  @Override
  public int squareDistance(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
    return ByteKernels.squareDistance(a, aOffset, b, bOffset, length);
  }

  @Override
  public void dotProductBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    ByteKernels.dotProductBlock(query, data, offset, count, scores);
  }

  @Override
  public void squareDistanceBlock(byte[] query, byte[] data, int offset, int count, int[] scores) {
    ByteKernels.squareDistanceBlock(query, data, offset, count, scores);
  }

  @Override
  public float pqLookupSum(float[] table, byte[] codes, int codesOffset, int m) {
    return PqKernels.lookupSum(table, codes, codesOffset, m);
  }

  @Override
  public void pqLookupSumBlock(float[] table, byte[] codes, int codesOffset, int count, int m, float[] scores) {
    PqKernels.lookupSumBlock(table, codes, codesOffset, count, m, scores);
  }

  @Override
  public void pqLookupSumInterleaved(float[] table, byte[] codes, int codesOffset, int m, float[] scores) {
    PqKernels.lookupSumInterleaved(table, codes, codesOffset, m, scores);
  }

  @Override
  public float pqQuantizeTable(float[] table, int m, int levels, float[] mins, byte[] entries) {
    return PqKernels.quantizeTable(table, m, levels, mins, entries);
  }

  @Override
  public long pqLookupSumQuantized(byte[] table, byte[] codes, int codesOffset, int m, int maxSum, short[] sums) {
    return QuantizedPqKernels.lookupSum(table, codes, codesOffset, m, maxSum, sums);
  }

  @Override
  public boolean fastQuantizedPqLookup() {
    return QuantizedPqKernels.FAST;
  }

  @Override
  public float dotProduct(float[] a, int aOffset, byte[] b, int bOffset, int length) {
    return FloatKernels.dotProduct(a, aOffset, b, bOffset, length);
  }
}
