package io.quiver.storage.vector.panama;

import io.quiver.storage.vector.HotSpotFlags;
import io.quiver.storage.vector.ScalarVectorUtilSupport;
import io.quiver.storage.vector.VectorUtilSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The PQ lookup-sum over a table quantized to unsigned bytes, for one interleaved block of
 * {@value VectorUtilSupport#PQ_BLOCK} codes, with in-register table lookups instead of gathers.
 *
 * <p>Shape: a sub-quantizer's 256 byte entries are four 512-bit registers. For sub-quantizer
 * {@code j}, one load brings byte {@code j} of all 64 codes; two two-register shuffles
 * ({@code selectFrom(v1, v2)}, VPERMI2B) look up the lower and the upper 128 entries with the
 * code's low seven bits, and a blend on the code's top bit picks one: four instructions for 64
 * lookups, where the gather kernel spends one load per lookup. The 64 looked-up bytes are read
 * as 32 shorts and split without any widening: {@code & 0xFF} gives the even codes, {@code >>> 8}
 * the odd ones, each added to its own 16-bit accumulator. After the last sub-quantizer one
 * two-register shuffle per half puts the sums back in code order, and an unsigned compare
 * against {@code maxSum} gives the mask of codes a scan must look at.
 *
 * <p>Only fast where VPERMI2B exists (AVX-512 VBMI) and C2 uses 512-bit vectors; elsewhere the
 * two-register byte shuffle is not intrinsified and would run hundreds of times slower, so
 * {@link #FAST} is false and the scalar loop runs (callers then prefer the float gather kernel).
 *
 * <p>Stateless and thread-safe.
 */
final class QuantizedPqKernels {
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_512;
  private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_512;
  private static final int B = VectorUtilSupport.PQ_BLOCK;
  private static final ScalarVectorUtilSupport SCALAR = new ScalarVectorUtilSupport();

  /** Whether the shuffle kernel runs on this JVM and CPU (see the class comment). */
  static final boolean FAST = B == BYTES.length() && detectVbmi();

  /** Code order from (even sums, odd sums): lane i of the first half is code i. */
  private static final ShortVector FIRST_HALF = interleave(0);
  private static final ShortVector SECOND_HALF = interleave(SHORTS.length());

  private QuantizedPqKernels() {}

  private static ShortVector interleave(int from) {
    short[] index = new short[SHORTS.length()];
    for (int i = 0; i < index.length; i++) {
      // code from + i: an even code's sum is lane (from + i) / 2 of the even vector; an odd
      // code's is that lane of the odd vector, which selectFrom addresses past the first.
      int code = from + i;
      index[i] = (short) (code / 2 + (code % 2) * SHORTS.length());
    }
    return ShortVector.fromArray(SHORTS, index, 0);
  }

  static long lookupSum(byte[] table, byte[] codes, int offset, int m, int maxSum, short[] sums) {
    if (!FAST) {
      return SCALAR.pqLookupSumQuantized(table, codes, offset, m, maxSum, sums);
    }
    ShortVector even = ShortVector.zero(SHORTS);
    ShortVector odd = ShortVector.zero(SHORTS);
    for (int j = 0; j < m; j++) {
      ByteVector code = ByteVector.fromArray(BYTES, codes, offset + j * B);
      int row = j * 256;
      // selectFrom wraps indices to 0..127, so a code c >= 128 reads entry c - 128 of the upper pair.
      ByteVector lower = code.selectFrom(ByteVector.fromArray(BYTES, table, row),
          ByteVector.fromArray(BYTES, table, row + 64));
      ByteVector upper = code.selectFrom(ByteVector.fromArray(BYTES, table, row + 128),
          ByteVector.fromArray(BYTES, table, row + 192));
      ShortVector entries = lower.blend(upper, code.compare(VectorOperators.LT, (byte) 0)).reinterpretAsShorts();
      even = even.add(entries.and((short) 0xFF));
      odd = odd.add(entries.lanewise(VectorOperators.LSHR, 8));
    }
    ShortVector first = FIRST_HALF.selectFrom(even, odd);
    ShortVector second = SECOND_HALF.selectFrom(even, odd);
    first.intoArray(sums, 0);
    second.intoArray(sums, SHORTS.length());
    short limit = (short) maxSum;
    return first.compare(VectorOperators.ULE, limit).toLong()
        | second.compare(VectorOperators.ULE, limit).toLong() << SHORTS.length();
  }

  /**
   * AVX-512 VBMI, used by C2: x86-64, C2 allowed AVX-512 ({@code UseAVX} 3) and 512-bit byte
   * vectors, and the CPU lists {@code avx512vbmi} (Linux's /proc/cpuinfo; elsewhere we cannot
   * tell, and say no).
   */
  private static boolean detectVbmi() {
    String arch = System.getProperty("os.arch", "");
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return false;
    }
    if (ByteVector.SPECIES_PREFERRED.vectorBitSize() < 512
        || HotSpotFlags.option("UseAVX").map(v -> Integer.parseInt(v) < 3).orElse(true)) {
      return false;
    }
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      return lines.stream()
          .filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).contains("avx512vbmi"))
          .orElse(false);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
