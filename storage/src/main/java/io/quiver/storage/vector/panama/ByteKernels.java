package io.quiver.storage.vector.panama;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Int8 kernels with the Vector API, exact in int32.
 *
 * <p>Shape: bytes are widened in two steps, byte to short (at half the preferred width, so the
 * shorts fill one full register) and short to int (two halves), because there is no portable
 * int8 multiply-accumulate; the products are formed in 16 bits where they fit, which halves
 * the number of multiplies compared with widening to int first:
 *
 * <ul>
 *   <li>dot: a signed byte product lies in [-16256, 16384] and fits a short exactly;
 *   <li>squared distance: a difference lies in [-255, 255] and fits a short, and its square
 *       (at most 65025) fits 16 bits <em>unsigned</em>, so the short product wraps to exactly
 *       the right bit pattern and is widened with a zero extension.
 * </ul>
 *
 * Integer adds have a one-cycle latency, so one accumulator chain per output is not a
 * bottleneck here (unlike float FMAs); the widening shuffles are. Block kernels score one pair
 * at a time (see {@link #dotProductBlock} for why). Remainders use a scalar tail. As in {@link FloatKernels}, the
 * widening is written out in each kernel: no vector is passed to a method of ours (see
 * {@link Lanes}). Integer sums are associative, so results equal the scalar kernels exactly.
 *
 * <p>Stateless and thread-safe. Arguments are trusted (checked by the facade).
 */
final class ByteKernels {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> SHORTS =
      VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize()));
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
  /** Bytes consumed per vector step: as many as there are shorts in one register. */
  private static final int STEP = BYTES.length();

  private ByteKernels() {}

  static int dotProduct(byte[] a, int ao, byte[] b, int bo, int n) {
    int i = 0;
    int sum = 0;
    if (n >= STEP) {
      IntVector acc = IntVector.zero(INTS);
      int bound = BYTES.loopBound(n);
      for (; i < bound; i += STEP) {
        ShortVector x = (ShortVector) ByteVector.fromArray(BYTES, a, ao + i).convertShape(VectorOperators.B2S, SHORTS, 0);
        ShortVector y = (ShortVector) ByteVector.fromArray(BYTES, b, bo + i).convertShape(VectorOperators.B2S, SHORTS, 0);
        ShortVector product = x.mul(y);
        // Both int halves of the products, sign-extended.
        acc = acc.add(product.convertShape(VectorOperators.S2I, INTS, 0))
            .add(product.convertShape(VectorOperators.S2I, INTS, 1));
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  static int squareDistance(byte[] a, int ao, byte[] b, int bo, int n) {
    int i = 0;
    int sum = 0;
    if (n >= STEP) {
      IntVector acc = IntVector.zero(INTS);
      int bound = BYTES.loopBound(n);
      for (; i < bound; i += STEP) {
        ShortVector x = (ShortVector) ByteVector.fromArray(BYTES, a, ao + i).convertShape(VectorOperators.B2S, SHORTS, 0);
        ShortVector y = (ShortVector) ByteVector.fromArray(BYTES, b, bo + i).convertShape(VectorOperators.B2S, SHORTS, 0);
        ShortVector diff = x.sub(y);
        ShortVector square = diff.mul(diff);
        // Both int halves of the squares, read as unsigned 16-bit values.
        acc = acc.add(square.convertShape(VectorOperators.ZERO_EXTEND_S2I, INTS, 0))
            .add(square.convertShape(VectorOperators.ZERO_EXTEND_S2I, INTS, 1));
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      int diff = a[ao + i] - b[bo + i];
      sum += diff * diff;
    }
    return sum;
  }

  /**
   * One pair at a time. A four-vectors-per-pass version (query widened once per chunk) was
   * measured 10-50x slower than this: with sixteen live vectors C2 fell back to boxing them,
   * so it was removed; see bench/RESULTS.md.
   */
  static void dotProductBlock(byte[] q, byte[] data, int offset, int count, int[] scores) {
    int d = q.length;
    for (int v = 0; v < count; v++) {
      scores[v] = dotProduct(q, 0, data, offset + v * d, d);
    }
  }

  /** One pair at a time, for the reason given on {@link #dotProductBlock}. */
  static void squareDistanceBlock(byte[] q, byte[] data, int offset, int count, int[] scores) {
    int d = q.length;
    for (int v = 0; v < count; v++) {
      scores[v] = squareDistance(q, 0, data, offset + v * d, d);
    }
  }
}
