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
 * bottleneck here (unlike float FMAs); the widening shuffles are, and the block kernels save
 * on them by widening each query chunk once for four data vectors. Remainders use a scalar
 * tail. Integer sums are associative, so results equal the scalar kernels exactly.
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

  private static ShortVector widen(byte[] a, int offset) {
    return (ShortVector) ByteVector.fromArray(BYTES, a, offset).convertShape(VectorOperators.B2S, SHORTS, 0);
  }

  /** Adds both int halves of a short vector (sign-extended) to {@code acc}. */
  private static IntVector addSigned(IntVector acc, ShortVector s) {
    return acc.add(s.convertShape(VectorOperators.S2I, INTS, 0))
        .add(s.convertShape(VectorOperators.S2I, INTS, 1));
  }

  /** Adds both int halves of a short vector read as unsigned 16-bit values to {@code acc}. */
  private static IntVector addUnsigned(IntVector acc, ShortVector s) {
    return acc.add(s.convertShape(VectorOperators.ZERO_EXTEND_S2I, INTS, 0))
        .add(s.convertShape(VectorOperators.ZERO_EXTEND_S2I, INTS, 1));
  }

  static int dotProduct(byte[] a, int ao, byte[] b, int bo, int n) {
    int i = 0;
    int sum = 0;
    if (n >= STEP) {
      IntVector acc = IntVector.zero(INTS);
      int bound = BYTES.loopBound(n);
      for (; i < bound; i += STEP) {
        acc = addSigned(acc, widen(a, ao + i).mul(widen(b, bo + i)));
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
        ShortVector diff = widen(a, ao + i).sub(widen(b, bo + i));
        acc = addUnsigned(acc, diff.mul(diff));
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      int diff = a[ao + i] - b[bo + i];
      sum += diff * diff;
    }
    return sum;
  }

  static void dotProductBlock(byte[] q, byte[] data, int offset, int count, int[] scores) {
    int d = q.length;
    int v = 0;
    if (d >= STEP) {
      int bound = BYTES.loopBound(d);
      for (; v + 4 <= count; v += 4) {
        int b0 = offset + v * d;
        int b1 = b0 + d;
        int b2 = b1 + d;
        int b3 = b2 + d;
        IntVector s0 = IntVector.zero(INTS);
        IntVector s1 = IntVector.zero(INTS);
        IntVector s2 = IntVector.zero(INTS);
        IntVector s3 = IntVector.zero(INTS);
        int i = 0;
        for (; i < bound; i += STEP) {
          ShortVector qs = widen(q, i);
          s0 = addSigned(s0, qs.mul(widen(data, b0 + i)));
          s1 = addSigned(s1, qs.mul(widen(data, b1 + i)));
          s2 = addSigned(s2, qs.mul(widen(data, b2 + i)));
          s3 = addSigned(s3, qs.mul(widen(data, b3 + i)));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD);
        int r2 = s2.reduceLanes(VectorOperators.ADD);
        int r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
          int qi = q[i];
          r0 += qi * data[b0 + i];
          r1 += qi * data[b1 + i];
          r2 += qi * data[b2 + i];
          r3 += qi * data[b3 + i];
        }
        scores[v] = r0;
        scores[v + 1] = r1;
        scores[v + 2] = r2;
        scores[v + 3] = r3;
      }
    }
    for (; v < count; v++) {
      scores[v] = dotProduct(q, 0, data, offset + v * d, d);
    }
  }

  static void squareDistanceBlock(byte[] q, byte[] data, int offset, int count, int[] scores) {
    int d = q.length;
    int v = 0;
    if (d >= STEP) {
      int bound = BYTES.loopBound(d);
      for (; v + 4 <= count; v += 4) {
        int b0 = offset + v * d;
        int b1 = b0 + d;
        int b2 = b1 + d;
        int b3 = b2 + d;
        IntVector s0 = IntVector.zero(INTS);
        IntVector s1 = IntVector.zero(INTS);
        IntVector s2 = IntVector.zero(INTS);
        IntVector s3 = IntVector.zero(INTS);
        int i = 0;
        for (; i < bound; i += STEP) {
          ShortVector qs = widen(q, i);
          ShortVector e0 = qs.sub(widen(data, b0 + i));
          ShortVector e1 = qs.sub(widen(data, b1 + i));
          ShortVector e2 = qs.sub(widen(data, b2 + i));
          ShortVector e3 = qs.sub(widen(data, b3 + i));
          s0 = addUnsigned(s0, e0.mul(e0));
          s1 = addUnsigned(s1, e1.mul(e1));
          s2 = addUnsigned(s2, e2.mul(e2));
          s3 = addUnsigned(s3, e3.mul(e3));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD);
        int r2 = s2.reduceLanes(VectorOperators.ADD);
        int r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) {
          int qi = q[i];
          int e0 = qi - data[b0 + i];
          int e1 = qi - data[b1 + i];
          int e2 = qi - data[b2 + i];
          int e3 = qi - data[b3 + i];
          r0 += e0 * e0;
          r1 += e1 * e1;
          r2 += e2 * e2;
          r3 += e3 * e3;
        }
        scores[v] = r0;
        scores[v + 1] = r1;
        scores[v + 2] = r2;
        scores[v + 3] = r3;
      }
    }
    for (; v < count; v++) {
      scores[v] = squareDistance(q, 0, data, offset + v * d, d);
    }
  }
}
