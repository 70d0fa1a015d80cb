package io.quiver.storage.vector.panama;

import io.quiver.storage.vector.ScalarVectorUtilSupport;
import io.quiver.storage.vector.VectorUtilSupport;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Product-quantization lookup-table sums with gathers. The table is {@code m} sub-quantizers x
 * 256 floats, entry {@code table[j * 256 + c]} for sub-quantizer {@code j} and centroid {@code
 * c}; a code is {@code m} unsigned bytes; its score is the sum of the {@code m} selected
 * entries (see {@code VectorUtilSupport}).
 *
 * <p>Shape: for each chunk of {@code L} sub-quantizers (L = float lanes), widen L code bytes
 * to int lanes, mask to unsigned, add {@code lane * 256} so lane {@code k} indexes row {@code
 * j + k}, and gather L table entries in one instruction at table offset {@code j * 256}; add
 * them lane-wise and reduce once per code. The scalar loop is one long chain of dependent
 * float adds (each waits for the previous), so it runs at add latency; the gather version has
 * m / L adds in its chain. Sub-quantizers past the last full chunk use a scalar tail.
 *
 * <p>The gather takes its lane indices from an {@code int[]}, so the computed indices are
 * stored to a small scratch array first; the block kernel reuses one per call.
 *
 * <p>Measured (bench/RESULTS.md): 1.0-1.1x the scalar loop for one code or back-to-back
 * codes, 1.1-1.6x for interleaved blocks, on the AVX-512 test machine. A gather still costs
 * about one load per lane, so float tables cannot reach the 4x goal; {@link
 * QuantizedPqKernels} sums byte tables with in-register shuffles instead (15-25x), and the
 * IVF-PQ scan uses that where it exists. A scalar variant that reads eight code bytes as one
 * {@code long} and spreads the lookups over four accumulators was slower (0.7-0.9x scalar).
 *
 * <p>Stateless and thread-safe (scratch arrays are per call).
 */
final class PqKernels {
  private static final VectorSpecies<Float> FLOATS = FloatKernels.SPECIES;
  private static final int L = FLOATS.length();
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, VectorShape.forBitSize(FLOATS.vectorBitSize()));
  /** At least L bytes; there is no byte species narrower than 64 bits. */
  private static final VectorSpecies<Byte> CODE_BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
  /** The fallback where a vector form cannot run (too few lanes). */
  private static final ScalarVectorUtilSupport SCALAR = new ScalarVectorUtilSupport();
  /** Codes per interleaved block. */
  private static final int B = VectorUtilSupport.PQ_BLOCK;
  /** {@code lane * 256}: moves lane k to table row j + k. */
  private static final IntVector ROW_OFFSETS =
      IntVector.zero(INTS).addIndex(1).mul(256);

  private PqKernels() {}

  static float lookupSum(float[] table, byte[] codes, int offset, int m) {
    return lookupSum(table, codes, offset, m, new int[L]);
  }

  static void lookupSumBlock(float[] table, byte[] codes, int offset, int count, int m, float[] scores) {
    int[] scratch = new int[L];
    for (int v = 0; v < count; v++) {
      scores[v] = lookupSum(table, codes, offset + v * m, m, scratch);
    }
  }

  private static float lookupSum(float[] table, byte[] codes, int offset, int m, int[] scratch) {
    int j = 0;
    float sum = 0f;
    if (m >= CODE_BYTES.length()) {
      FloatVector acc = FloatVector.zero(FLOATS);
      // The byte load reads CODE_BYTES.length() >= L bytes, so stop while that many remain.
      for (; j + CODE_BYTES.length() <= m; j += L) {
        IntVector rows = (IntVector) ByteVector.fromArray(CODE_BYTES, codes, offset + j)
            .convertShape(VectorOperators.B2I, INTS, 0);
        rows.and(0xFF).add(ROW_OFFSETS).intoArray(scratch, 0);
        acc = acc.add(FloatVector.fromArray(FLOATS, table, j * 256, scratch, 0));
      }
      acc = L >= 16 ? (FloatVector) acc.add(acc.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : acc;
      acc = L >= 8 ? (FloatVector) acc.add(acc.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : acc;
      acc = acc.add(acc.rearrange(Lanes.FOLD_2));
      sum = acc.lane(0) + acc.lane(1);
    }
    for (; j < m; j++) {
      sum += table[j * 256 + (codes[offset + j] & 0xFF)];
    }
    return sum;
  }

  /**
   * One interleaved block of {@code B} codes: lane {@code k} of a vector is code {@code lane0
   * + k}, so for each sub-quantizer {@code j} one byte load brings that byte of {@code L}
   * codes, and one gather at row {@code j} fetches their {@code L} table entries. Every lane
   * adds in the order j = 0, 1, ..., like the scalar loop, so the floats are identical and
   * there is no horizontal sum. One pass per {@code L} codes of the block (four with 512-bit
   * vectors).
   */
  static void lookupSumInterleaved(float[] table, byte[] codes, int offset, int m, float[] scores) {
    if (L < 8) {
      // A 128-bit machine: the narrowest byte load (8 bytes) would run past the block's end.
      SCALAR.pqLookupSumInterleaved(table, codes, offset, m, scores);
      return;
    }
    int[] scratch = new int[L];
    for (int lane0 = 0; lane0 < B; lane0 += L) {
      FloatVector acc = FloatVector.zero(FLOATS);
      for (int j = 0; j < m; j++) {
        IntVector rows = (IntVector) ByteVector.fromArray(CODE_BYTES, codes, offset + j * B + lane0)
            .convertShape(VectorOperators.B2I, INTS, 0);
        rows.and(0xFF).intoArray(scratch, 0);
        acc = acc.add(FloatVector.fromArray(FLOATS, table, j * 256, scratch, 0));
      }
      acc.intoArray(scores, lane0);
    }
  }

  /**
   * See {@link VectorUtilSupport#pqQuantizeTable}. Shape: per sub-table, two passes of {@code
   * 256 / L} vectors: lane-wise min and max by compare and select, reduced once (min and max
   * are exact in any order), then subtract, scale, round (adding 2^23, see {@link
   * ScalarVectorUtilSupport#roundToInt}), clamp and narrow {@code L} entries to bytes per step
   * (the same float operations as the scalar loop, unfused, so the same bytes). The scalar loop
   * does not vectorize (the float min/max reduction and the float-to-byte store stop C2): 24.6
   * us against 3.2 us for m = 96 in JMH (bench/RESULTS.md).
   */
  static float quantizeTable(float[] table, int m, int levels, float[] mins, byte[] entries) {
    if (FloatKernels.BYTES_PER_STEP == null || 256 % L != 0) {
      return SCALAR.pqQuantizeTable(table, m, levels, mins, entries);
    }
    float widest = 0f;
    FloatVector infinity = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
    FloatVector negativeInfinity = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < m; j++) {
      int row = j * 256;
      FloatVector low = infinity;
      FloatVector high = negativeInfinity;
      for (int i = 0; i < 256; i += L) {
        FloatVector v = FloatVector.fromArray(FLOATS, table, row + i);
        // Compare and select, as the scalar twin does: two instructions, where lane-wise MIN
        // and MAX carry Java's NaN and signed-zero rules as extra blends.
        low = low.blend(v, v.compare(VectorOperators.LT, low));
        high = high.blend(v, v.compare(VectorOperators.GT, high));
      }
      float min = low.reduceLanes(VectorOperators.MIN);
      mins[j] = min;
      widest = Math.max(widest, high.reduceLanes(VectorOperators.MAX) - min);
    }
    float scale = widest > 0f ? levels / widest : 0f;
    for (int j = 0; j < m; j++) {
      int row = j * 256;
      float min = mins[j];
      for (int i = 0; i < 256; i += L) {
        IntVector q = FloatVector.fromArray(FLOATS, table, row + i)
            .sub(min).mul(scale).add(ScalarVectorUtilSupport.ROUNDING_BIAS)
            .reinterpretAsInts().sub(ScalarVectorUtilSupport.ROUNDING_BIAS_BITS);
        ByteVector bytes = (ByteVector) q.min(levels).convertShape(VectorOperators.I2B, FloatKernels.BYTES_PER_STEP, 0);
        bytes.intoArray(entries, row + i);
      }
    }
    return widest / levels;
  }
}
