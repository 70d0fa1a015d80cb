package io.quiver.storage.vector.panama;

import static jdk.incubator.vector.FloatVector.fromArray;

import io.quiver.storage.vector.VectorUtilSupport;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels over heap arrays with the Vector API, at the JVM's preferred width.
 *
 * <p>Single-pair shape: an unrolled body of two vector steps into two independent
 * accumulators, then at most one more vector step, then a scalar tail. Two accumulators, not
 * four: an FMA has a latency of about four cycles, but in JMH the pair kernels are bound by
 * instruction count, not by that latency (consecutive calls overlap), and measured in one
 * session the two-accumulator form was as fast from d = 384 up and faster below (squared L2 at
 * d = 128: 7.3 vs 10.9 ns; both kernels at d = 96: 6.3-6.6 vs 9.3-12.1 ns). The bounds are
 * masks ({@code n & -(2 * L)}) rather than a remainder, since {@code n} is a length. The
 * scalar tail handles fewer lanes than one vector, which for the dimensions used in practice
 * (multiples of 16) never runs; a masked tail would save nothing there and costs a mask
 * computation on every call.
 *
 * <p>At the common small dimensions 64, 96 and 128 the pair kernels (dot, squared L2, squared
 * norm, float times int8) call their vector part with the length as a constant. A call that
 * short is mostly fixed cost: C2 splits the loop into a pre-loop, an unrolled main loop and a
 * post-loop, with range-check predicates and limit arithmetic between them (at d = 128 the
 * main loop, four steps wide, never runs). Knowing the trip count, C2 unrolls the loop
 * completely instead, with one pair of range checks per array. The sum and its order are the
 * general path's. Against the same code without the constants (JMH, medians of 8 forks, 4 at
 * d = 64): dot 4.67 to 4.08, 5.87 to 4.97 and 6.65 to 6.19 ns at d = 64, 96 and 128; squared
 * L2 4.80 to 4.13, 5.89 to 5.05 and 6.64 to 6.08; squared norm 3.71 to 2.75, 5.07 to 3.20 and
 * 4.79 to 3.81; float times int8 (6 forks) 5.12 to 3.96 at d = 96 and 5.58 to 4.86 at 128. C2
 * prunes a constant branch a process never takes, by profile; each one it does take adds a
 * copy of the loop to the compiled caller, so the list stays short. Above 128 the fixed cost
 * is a small share of a call.
 *
 * <p>Block shape: four vectors per pass against the query, so that each query load feeds four
 * FMAs instead of one and four streams of loads are in flight; leftover vectors (count mod 4)
 * use the single-pair kernel. The squared-L2 block at 64, 96 and 128 runs the pair kernel on
 * every vector instead: unrolled at those lengths, it measured 3.83 and 4.79 ns per vector at
 * d = 96 and 128 against the pass's 4.16 and 5.57 (JMH, three forks each, back to back), with
 * the same bits (two accumulators, even and odd steps, in both). The dot block's pass has one
 * accumulator per vector, so there it runs the same loop one vector at a time, with the length
 * constant and one accumulator: the pass's bits, so heap and off-heap dot blocks still agree.
 * At d = 128 that took 4.61 ns per vector against the pass's 4.96, and a loop of pair calls
 * over the same block 4.62-4.67 (JMH, 8 forks each, alternated; bench/RESULTS.md, eighth
 * round).
 *
 * <p>Every kernel ends with {@link Lanes}' pairwise tree written out, and no kernel passes a
 * vector to a method of ours (why: {@link Lanes}). A pair kernel is a small wrapper (the
 * scalar tail) around a vector body that returns a float: written as one method it grew past
 * C2's inlining limit for hot methods (325 bytecodes; squared L2 was 339 and, called instead
 * of inlined, went from 5.8 to 9.6 ns at d = 128). FMAs are plain {@code fma} calls: the
 * provider only picks these kernels on CPUs with a fused multiply-add.
 *
 * <p>Alignment is the caller's. Loads are unaligned, since a kernel cannot see where a heap
 * array starts, and a 512-bit load that straddles two cache lines costs about as much as a
 * second load: the dot product at d = 128 takes 4.0 ns with both vectors on a cache line and
 * 6.3 ns with neither, 14.7 against 27.2 ns at d = 768 (bench/RESULTS.md, ninth round). The
 * vectors Quiver stores start on a cache line ({@code ChunkedVectorStore}); a query array is
 * wherever the JVM put it.
 *
 * <p>Stateless and thread-safe. Arguments are trusted (checked by the facade).
 */
final class FloatKernels {
  /** The JVM's preferred float species, at most 512 bits (the widths {@link Lanes} folds). */
  static final VectorSpecies<Float> SPECIES =
      FloatVector.SPECIES_PREFERRED.vectorBitSize() > 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();

  private FloatKernels() {}

  static float dotProduct(float[] a, int ao, float[] b, int bo, int n) {
    // Constant lengths, so that C2 unrolls the loop completely (see the class comment).
    if (n == 128) {
      return dotProductBody(a, ao, b, bo, 128);
    }
    if (n == 96) {
      return dotProductBody(a, ao, b, bo, 96);
    }
    if (n == 64) {
      return dotProductBody(a, ao, b, bo, 64);
    }
    int body = n & -L;
    float sum = body == 0 ? 0f : dotProductBody(a, ao, b, bo, body);
    for (int i = body; i < n; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  /** The vector part of {@link #dotProduct}: {@code n}, a multiple of L, elements. */
  private static float dotProductBody(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound2 = n & -(2 * L); i < bound2; i += 2 * L) {
      acc0 = fromArray(SPECIES, a, ao + i).fma(fromArray(SPECIES, b, bo + i), acc0);
      acc1 = fromArray(SPECIES, a, ao + i + L).fma(fromArray(SPECIES, b, bo + i + L), acc1);
    }
    if (i < n) {
      acc0 = fromArray(SPECIES, a, ao + i).fma(fromArray(SPECIES, b, bo + i), acc0);
    }
    FloatVector s = acc0.add(acc1);
    s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
    s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
    s = s.add(s.rearrange(Lanes.FOLD_2));
    return s.lane(0) + s.lane(1);
  }

  /**
   * {@code L} bytes, the byte counterpart of one float vector (widened from by the int8 kernel,
   * narrowed to by the PQ table quantizer); null below 8 lanes (no byte species that narrow).
   */
  static final VectorSpecies<Byte> BYTES_PER_STEP =
      L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;

  /**
   * Float times signed int8. Shape: each step loads {@code L} bytes and widens them straight to
   * floats (sign-extend and convert, two instructions), then one FMA; two accumulators for the
   * FMA latency, as the single-pair kernels. The bytes are a quarter of the memory the float
   * kernel reads, which is the point: an int8 graph walk is bound by cache misses.
   */
  static float dotProduct(float[] a, int ao, byte[] b, int bo, int n) {
    // Constant lengths, so that C2 unrolls the loop completely (see the class comment).
    if (BYTES_PER_STEP != null) {
      if (n == 128) {
        return dotProductBody(a, ao, b, bo, 128);
      }
      if (n == 96) {
        return dotProductBody(a, ao, b, bo, 96);
      }
      if (n == 64) {
        return dotProductBody(a, ao, b, bo, 64);
      }
    }
    int body = BYTES_PER_STEP == null ? 0 : n & -L;
    float sum = body == 0 ? 0f : dotProductBody(a, ao, b, bo, body);
    for (int i = body; i < n; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  /** The vector part of the float-times-int8 {@link #dotProduct}: {@code n}, a multiple of L, elements. */
  private static float dotProductBody(float[] a, int ao, byte[] b, int bo, int n) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound2 = n & -(2 * L); i < bound2; i += 2 * L) {
      acc0 = fromArray(SPECIES, a, ao + i).fma(
          (FloatVector) ByteVector.fromArray(BYTES_PER_STEP, b, bo + i).convertShape(VectorOperators.B2F, SPECIES, 0), acc0);
      acc1 = fromArray(SPECIES, a, ao + i + L).fma(
          (FloatVector) ByteVector.fromArray(BYTES_PER_STEP, b, bo + i + L).convertShape(VectorOperators.B2F, SPECIES, 0), acc1);
    }
    if (i < n) {
      acc0 = fromArray(SPECIES, a, ao + i).fma(
          (FloatVector) ByteVector.fromArray(BYTES_PER_STEP, b, bo + i).convertShape(VectorOperators.B2F, SPECIES, 0), acc0);
    }
    FloatVector s = acc0.add(acc1);
    s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
    s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
    s = s.add(s.rearrange(Lanes.FOLD_2));
    return s.lane(0) + s.lane(1);
  }

  /**
   * Four scattered vectors against one query. Shape: two accumulators per vector (eight FMA
   * chains: an FMA takes four cycles and two can start per cycle, so four chains left half the
   * FMA throughput unused; measured on HNSW over MiniLM, 0.88x to 0.93x hnswlib at ef = 32),
   * each query load feeding four FMAs; the four independent streams of loads let the core
   * overlap four vectors' cache misses. Then a scalar tail. (Blocks of consecutive vectors
   * use a one-accumulator pass, in {@link #dotProductBlock}, measured faster there.)
   */
  static void dotProduct4(float[] q, float[][] data, int[] offsets, float[] out) {
    dotProduct4(q, data[0], offsets[0], data[1], offsets[1], data[2], offsets[2], data[3], offsets[3], out, 0);
  }

  /** The scattered four-vector pass, for vectors at {@code a[ao..]} .. {@code d[dOff..]}, into {@code out[outOffset ..)}. */
  private static void dotProduct4(float[] q, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] d,
      int dOff, float[] out, int outOffset) {
    int n = q.length;
    int i = 0;
    float sa = 0f;
    float sb = 0f;
    float sc = 0f;
    float sd = 0f;
    if (n >= L) {
      // Two accumulators per vector (eight chains): with one, each vector's FMAs wait on the
      // previous one's four-cycle latency and the loop runs at half the FMA throughput.
      FloatVector accA = FloatVector.zero(SPECIES);
      FloatVector accB = FloatVector.zero(SPECIES);
      FloatVector accC = FloatVector.zero(SPECIES);
      FloatVector accD = FloatVector.zero(SPECIES);
      FloatVector accA2 = FloatVector.zero(SPECIES);
      FloatVector accB2 = FloatVector.zero(SPECIES);
      FloatVector accC2 = FloatVector.zero(SPECIES);
      FloatVector accD2 = FloatVector.zero(SPECIES);
      int bound2 = n - n % (2 * L);
      for (; i < bound2; i += 2 * L) {
        FloatVector q0 = fromArray(SPECIES, q, i);
        FloatVector q1 = fromArray(SPECIES, q, i + L);
        accA = q0.fma(fromArray(SPECIES, a, ao + i), accA);
        accB = q0.fma(fromArray(SPECIES, b, bo + i), accB);
        accC = q0.fma(fromArray(SPECIES, c, co + i), accC);
        accD = q0.fma(fromArray(SPECIES, d, dOff + i), accD);
        accA2 = q1.fma(fromArray(SPECIES, a, ao + i + L), accA2);
        accB2 = q1.fma(fromArray(SPECIES, b, bo + i + L), accB2);
        accC2 = q1.fma(fromArray(SPECIES, c, co + i + L), accC2);
        accD2 = q1.fma(fromArray(SPECIES, d, dOff + i + L), accD2);
      }
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += L) {
        FloatVector qv = fromArray(SPECIES, q, i);
        accA = qv.fma(fromArray(SPECIES, a, ao + i), accA);
        accB = qv.fma(fromArray(SPECIES, b, bo + i), accB);
        accC = qv.fma(fromArray(SPECIES, c, co + i), accC);
        accD = qv.fma(fromArray(SPECIES, d, dOff + i), accD);
      }
      accA = accA.add(accA2);
      accB = accB.add(accB2);
      accC = accC.add(accC2);
      accD = accD.add(accD2);
      FloatVector ab = accA.blend(accB, Lanes.HIGH_HALF).add(accB.blend(accA, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector cd = accC.blend(accD, Lanes.HIGH_HALF).add(accD.blend(accC, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
          .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
      all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
      all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
      sa = all.lane(Lanes.SUM_0);
      sb = all.lane(Lanes.SUM_1);
      sc = all.lane(Lanes.SUM_2);
      sd = all.lane(Lanes.SUM_3);
    }
    for (; i < n; i++) {
      float qi = q[i];
      sa += qi * a[ao + i];
      sb += qi * b[bo + i];
      sc += qi * c[co + i];
      sd += qi * d[dOff + i];
    }
    out[outOffset] = sa;
    out[outOffset + 1] = sb;
    out[outOffset + 2] = sc;
    out[outOffset + 3] = sd;
  }

  /** Squared distances of one query to four scattered vectors: as {@link #dotProduct4}, but one accumulator per vector. */
  static void squareDistance4(float[] q, float[][] data, int[] offsets, float[] out) {
    float[] a = data[0];
    float[] b = data[1];
    float[] c = data[2];
    float[] d = data[3];
    int ao = offsets[0];
    int bo = offsets[1];
    int co = offsets[2];
    int dOff = offsets[3];
    int n = q.length;
    int i = 0;
    float sa = 0f;
    float sb = 0f;
    float sc = 0f;
    float sd = 0f;
    if (n >= L) {
      // One accumulator per vector, unlike dotProduct4: measured on HNSW over Fashion-MNIST
      // (d = 784), two per vector made both search (0.87-1.06x hnswlib against 0.93-1.21x)
      // and build (4.7-5.2 s against 4.1-4.6 s) slower, in interleaved runs.
      FloatVector accA = FloatVector.zero(SPECIES);
      FloatVector accB = FloatVector.zero(SPECIES);
      FloatVector accC = FloatVector.zero(SPECIES);
      FloatVector accD = FloatVector.zero(SPECIES);
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += L) {
        FloatVector qv = fromArray(SPECIES, q, i);
        FloatVector da = qv.sub(fromArray(SPECIES, a, ao + i));
        FloatVector db = qv.sub(fromArray(SPECIES, b, bo + i));
        FloatVector dc = qv.sub(fromArray(SPECIES, c, co + i));
        FloatVector dd = qv.sub(fromArray(SPECIES, d, dOff + i));
        accA = da.fma(da, accA);
        accB = db.fma(db, accB);
        accC = dc.fma(dc, accC);
        accD = dd.fma(dd, accD);
      }
      FloatVector ab = accA.blend(accB, Lanes.HIGH_HALF).add(accB.blend(accA, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector cd = accC.blend(accD, Lanes.HIGH_HALF).add(accD.blend(accC, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
          .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
      all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
      all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
      sa = all.lane(Lanes.SUM_0);
      sb = all.lane(Lanes.SUM_1);
      sc = all.lane(Lanes.SUM_2);
      sd = all.lane(Lanes.SUM_3);
    }
    for (; i < n; i++) {
      float qi = q[i];
      float xa = qi - a[ao + i];
      float xb = qi - b[bo + i];
      float xc = qi - c[co + i];
      float xd = qi - d[dOff + i];
      sa += xa * xa;
      sb += xb * xb;
      sc += xc * xc;
      sd += xd * xd;
    }
    out[0] = sa;
    out[1] = sb;
    out[2] = sc;
    out[3] = sd;
  }

  static float squareDistance(float[] a, int ao, float[] b, int bo, int n) {
    // Constant lengths, so that C2 unrolls the loop completely (see the class comment).
    if (n == 128) {
      return squareDistanceBody(a, ao, b, bo, 128);
    }
    if (n == 96) {
      return squareDistanceBody(a, ao, b, bo, 96);
    }
    if (n == 64) {
      return squareDistanceBody(a, ao, b, bo, 64);
    }
    int body = n & -L;
    float sum = body == 0 ? 0f : squareDistanceBody(a, ao, b, bo, body);
    for (int i = body; i < n; i++) {
      float diff = a[ao + i] - b[bo + i];
      sum += diff * diff;
    }
    return sum;
  }

  /** The vector part of {@link #squareDistance}: {@code n}, a multiple of L, elements. */
  private static float squareDistanceBody(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound2 = n & -(2 * L); i < bound2; i += 2 * L) {
      FloatVector d0 = fromArray(SPECIES, a, ao + i).sub(fromArray(SPECIES, b, bo + i));
      FloatVector d1 = fromArray(SPECIES, a, ao + i + L).sub(fromArray(SPECIES, b, bo + i + L));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
    }
    if (i < n) {
      FloatVector d0 = fromArray(SPECIES, a, ao + i).sub(fromArray(SPECIES, b, bo + i));
      acc0 = d0.fma(d0, acc0);
    }
    FloatVector s = acc0.add(acc1);
    s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
    s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
    s = s.add(s.rearrange(Lanes.FOLD_2));
    return s.lane(0) + s.lane(1);
  }

  static float squareNorm(float[] a, int ao, int n) {
    // Constant lengths, so that C2 unrolls the loop completely (see the class comment).
    if (n == 128) {
      return squareNormBody(a, ao, 128);
    }
    if (n == 96) {
      return squareNormBody(a, ao, 96);
    }
    if (n == 64) {
      return squareNormBody(a, ao, 64);
    }
    int body = n & -L;
    float sum = body == 0 ? 0f : squareNormBody(a, ao, body);
    for (int i = body; i < n; i++) {
      float x = a[ao + i];
      sum += x * x;
    }
    return sum;
  }

  /** The vector part of {@link #squareNorm}: {@code n}, a multiple of L, elements. */
  private static float squareNormBody(float[] a, int ao, int n) {
    // Vectors are values, so the four accumulators can start as one zero (fewer bytecodes:
    // this method must stay within C2's 325-byte limit for inlining a hot method).
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    int i = 0;
    for (int bound4 = n & -(4 * L); i < bound4; i += 4 * L) {
      FloatVector x0 = fromArray(SPECIES, a, ao + i);
      FloatVector x1 = fromArray(SPECIES, a, ao + i + L);
      FloatVector x2 = fromArray(SPECIES, a, ao + i + 2 * L);
      FloatVector x3 = fromArray(SPECIES, a, ao + i + 3 * L);
      acc0 = x0.fma(x0, acc0);
      acc1 = x1.fma(x1, acc1);
      acc2 = x2.fma(x2, acc2);
      acc3 = x3.fma(x3, acc3);
    }
    for (; i < n; i += L) {
      FloatVector x0 = fromArray(SPECIES, a, ao + i);
      acc0 = x0.fma(x0, acc0);
    }
    FloatVector s = acc0.add(acc1).add(acc2.add(acc3));
    s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
    s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
    s = s.add(s.rearrange(Lanes.FOLD_2));
    return s.lane(0) + s.lane(1);
  }

  /**
   * Cosine in one pass over both vectors. Three sums (dot, |a|^2, |b|^2) each get two
   * accumulators: six independent FMA chains hide the FMA latency the way four do in {@link
   * #dotProduct}, and one pass reads each input once instead of three times.
   */
  static float cosine(float[] a, int ao, float[] b, int bo, int n) {
    int i = 0;
    float dot = 0f;
    float normA = 0f;
    float normB = 0f;
    if (n >= L) {
      FloatVector dot0 = FloatVector.zero(SPECIES);
      FloatVector dot1 = FloatVector.zero(SPECIES);
      FloatVector na0 = FloatVector.zero(SPECIES);
      FloatVector na1 = FloatVector.zero(SPECIES);
      FloatVector nb0 = FloatVector.zero(SPECIES);
      FloatVector nb1 = FloatVector.zero(SPECIES);
      int bound2 = n - n % (2 * L);
      for (; i < bound2; i += 2 * L) {
        FloatVector x0 = fromArray(SPECIES, a, ao + i);
        FloatVector y0 = fromArray(SPECIES, b, bo + i);
        FloatVector x1 = fromArray(SPECIES, a, ao + i + L);
        FloatVector y1 = fromArray(SPECIES, b, bo + i + L);
        dot0 = x0.fma(y0, dot0);
        na0 = x0.fma(x0, na0);
        nb0 = y0.fma(y0, nb0);
        dot1 = x1.fma(y1, dot1);
        na1 = x1.fma(x1, na1);
        nb1 = y1.fma(y1, nb1);
      }
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += L) {
        FloatVector x0 = fromArray(SPECIES, a, ao + i);
        FloatVector y0 = fromArray(SPECIES, b, bo + i);
        dot0 = x0.fma(y0, dot0);
        na0 = x0.fma(x0, na0);
        nb0 = y0.fma(y0, nb0);
      }
      FloatVector ab = dot0.add(dot1).blend(na0.add(na1), Lanes.HIGH_HALF).add(na0.add(na1).blend(dot0.add(dot1), Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector cd = nb0.add(nb1).blend(FloatVector.zero(SPECIES), Lanes.HIGH_HALF).add(FloatVector.zero(SPECIES).blend(nb0.add(nb1), Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
          .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
      all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
      all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
      dot = all.lane(Lanes.SUM_0);
      normA = all.lane(Lanes.SUM_1);
      normB = all.lane(Lanes.SUM_2);
    }
    for (; i < n; i++) {
      float x = a[ao + i];
      float y = b[bo + i];
      dot += x * y;
      normA += x * x;
      normB += y * y;
    }
    return VectorUtilSupport.cosineFromParts(dot, normA, normB);
  }

  /**
   * Dot products of {@code q} with a block of consecutive vectors: four vectors per pass, one
   * accumulator per vector (unlike the scattered {@link #dotProduct4(float[], float[][],
   * int[], float[])}: in a block the next vectors' loads are already streaming, so four chains
   * keep the FMA units busy without a second set), each query load feeding four FMAs, and the
   * four sums merged into one vector before the last folds. Leftover vectors (count mod 4) use
   * the pair kernel.
   *
   * <p>The pass is written into the block loop: as a method of its own (485 bytecodes with the
   * tree written out) C2 would not inline it, and a call per four vectors cost 8-15% out of
   * cache at d = 384 (39.9-43.2 against 36.4-36.9 ns per vector). At d = 64, 96 and 128 the
   * vectors it would take go through {@link #dotProductEach} instead (class comment).
   */
  static void dotProductBlock(float[] q, float[] data, int offset, int count, float[] scores) {
    int d = q.length;
    int bound = SPECIES.loopBound(d);
    int v = 0;
    // At these lengths the vectors a pass would take go one by one through a loop of constant
    // length, which C2 unrolls completely (see the class comment); the pass loop then finds
    // fewer than four left, and leftovers take the pair kernel as always.
    if (d == 128) {
      v = count & -4;
      dotProductEach(q, data, offset, v, scores, 128);
    } else if (d == 96) {
      v = count & -4;
      dotProductEach(q, data, offset, v, scores, 96);
    } else if (d == 64) {
      v = count & -4;
      dotProductEach(q, data, offset, v, scores, 64);
    }
    for (; v + 4 <= count; v += 4) {
      int b0 = offset + v * d;
      int b1 = b0 + d;
      int b2 = b0 + 2 * d;
      int b3 = b0 + 3 * d;
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      FloatVector s2 = FloatVector.zero(SPECIES);
      FloatVector s3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += L) {
        FloatVector q0 = fromArray(SPECIES, q, i);
        s0 = q0.fma(fromArray(SPECIES, data, b0 + i), s0);
        s1 = q0.fma(fromArray(SPECIES, data, b1 + i), s1);
        s2 = q0.fma(fromArray(SPECIES, data, b2 + i), s2);
        s3 = q0.fma(fromArray(SPECIES, data, b3 + i), s3);
      }
      FloatVector ab = s0.blend(s1, Lanes.HIGH_HALF).add(s1.blend(s0, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector cd = s2.blend(s3, Lanes.HIGH_HALF).add(s3.blend(s2, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
          .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
      all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
      all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
      float r0 = all.lane(Lanes.SUM_0);
      float r1 = all.lane(Lanes.SUM_1);
      float r2 = all.lane(Lanes.SUM_2);
      float r3 = all.lane(Lanes.SUM_3);
      for (; i < d; i++) {
        float qi = q[i];
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
    for (; v < count; v++) {
      scores[v] = dotProduct(q, 0, data, offset + v * d, d);
    }
  }

  /**
   * The dot block's passes at d = 64, 96 and 128, {@code d} (a multiple of L) passed as a
   * constant: one vector at a time, one accumulator, then the fold. Those are the four-vector
   * pass's sums, bit for bit (its merged fold is the same tree per vector), so heap and off-heap
   * blocks keep the same scores; but C2 unrolls this loop completely.
   */
  private static void dotProductEach(float[] q, float[] data, int offset, int count, float[] scores, int d) {
    for (int v = 0; v < count; v++) {
      int base = offset + v * d;
      FloatVector s = FloatVector.zero(SPECIES);
      for (int i = 0; i < d; i += L) {
        s = fromArray(SPECIES, q, i).fma(fromArray(SPECIES, data, base + i), s);
      }
      s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
      s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
      s = s.add(s.rearrange(Lanes.FOLD_2));
      scores[v] = s.lane(0) + s.lane(1);
    }
  }

  /**
   * Squared distances of {@code q} to a block of consecutive vectors: the shape of {@link
   * #dotProductBlock}, a subtraction before each FMA, and two accumulators per vector (even
   * and odd steps). Measured in one session against one accumulator per vector (two forks
   * twice, bench/RESULTS.md fifth round): 34.7 against 38.4 ns per vector at d = 768 and 17.5
   * against 18.2 at 384, where one accumulator fell behind the pair kernel; 4.1 against 3.8
   * at d = 96 and 5.5 against 4.8 at 128, both still ahead of it. At d = 64, 96 and 128 the
   * block runs the unrolled pair kernel per vector instead (class comment), with the same bits.
   */
  static void squareDistanceBlock(float[] q, float[] data, int offset, int count, float[] scores) {
    int d = q.length;
    if (d == 128 || d == 96 || d == 64) {
      // The pair kernel unrolls completely at these lengths (class comment) and then beats the
      // four-vector pass; its sums are the pass's, bit for bit (same two accumulators).
      for (int v = 0; v < count; v++) {
        scores[v] = squareDistance(q, 0, data, offset + v * d, d);
      }
      return;
    }
    int bound2 = d & -(2 * L);
    int bound = SPECIES.loopBound(d);
    int v = 0;
    for (; v + 4 <= count; v += 4) {
      int b0 = offset + v * d;
      int b1 = b0 + d;
      int b2 = b0 + 2 * d;
      int b3 = b0 + 3 * d;
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      FloatVector s2 = FloatVector.zero(SPECIES);
      FloatVector s3 = FloatVector.zero(SPECIES);
      FloatVector t0 = FloatVector.zero(SPECIES);
      FloatVector t1 = FloatVector.zero(SPECIES);
      FloatVector t2 = FloatVector.zero(SPECIES);
      FloatVector t3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound2; i += 2 * L) {
        FloatVector q0 = fromArray(SPECIES, q, i);
        FloatVector q1 = fromArray(SPECIES, q, i + L);
        FloatVector e0 = q0.sub(fromArray(SPECIES, data, b0 + i));
        FloatVector e1 = q0.sub(fromArray(SPECIES, data, b1 + i));
        FloatVector e2 = q0.sub(fromArray(SPECIES, data, b2 + i));
        FloatVector e3 = q0.sub(fromArray(SPECIES, data, b3 + i));
        s0 = e0.fma(e0, s0);
        s1 = e1.fma(e1, s1);
        s2 = e2.fma(e2, s2);
        s3 = e3.fma(e3, s3);
        FloatVector f0 = q1.sub(fromArray(SPECIES, data, b0 + i + L));
        FloatVector f1 = q1.sub(fromArray(SPECIES, data, b1 + i + L));
        FloatVector f2 = q1.sub(fromArray(SPECIES, data, b2 + i + L));
        FloatVector f3 = q1.sub(fromArray(SPECIES, data, b3 + i + L));
        t0 = f0.fma(f0, t0);
        t1 = f1.fma(f1, t1);
        t2 = f2.fma(f2, t2);
        t3 = f3.fma(f3, t3);
      }
      if (i < bound) {
        FloatVector q0 = fromArray(SPECIES, q, i);
        FloatVector e0 = q0.sub(fromArray(SPECIES, data, b0 + i));
        FloatVector e1 = q0.sub(fromArray(SPECIES, data, b1 + i));
        FloatVector e2 = q0.sub(fromArray(SPECIES, data, b2 + i));
        FloatVector e3 = q0.sub(fromArray(SPECIES, data, b3 + i));
        s0 = e0.fma(e0, s0);
        s1 = e1.fma(e1, s1);
        s2 = e2.fma(e2, s2);
        s3 = e3.fma(e3, s3);
        i += L;
      }
      s0 = s0.add(t0);
      s1 = s1.add(t1);
      s2 = s2.add(t2);
      s3 = s3.add(t3);
      FloatVector ab = s0.blend(s1, Lanes.HIGH_HALF).add(s1.blend(s0, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector cd = s2.blend(s3, Lanes.HIGH_HALF).add(s3.blend(s2, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
      FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
          .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
      all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
      all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
      float r0 = all.lane(Lanes.SUM_0);
      float r1 = all.lane(Lanes.SUM_1);
      float r2 = all.lane(Lanes.SUM_2);
      float r3 = all.lane(Lanes.SUM_3);
      for (; i < d; i++) {
        float qi = q[i];
        float e0 = qi - data[b0 + i];
        float e1 = qi - data[b1 + i];
        float e2 = qi - data[b2 + i];
        float e3 = qi - data[b3 + i];
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
    for (; v < count; v++) {
      scores[v] = squareDistance(q, 0, data, offset + v * d, d);
    }
  }

  static void cosineBlock(float[] q, float[] data, int offset, int count, float[] scores) {
    int d = q.length;
    float queryNorm = squareNorm(q, 0, d);
    int v = 0;
    if (d >= L) {
      for (; v + 4 <= count; v += 4) {
        cosine4(q, queryNorm, data, offset + v * d, scores, v);
      }
    }
    for (; v < count; v++) {
      int base = offset + v * d;
      scores[v] = VectorUtilSupport.cosineFromParts(
          dotProduct(q, 0, data, base, d), queryNorm, squareNorm(data, base, d));
    }
  }

  /**
   * Cosines of {@code q} with four vectors. The query norm is computed once per block, so each
   * vector needs a dot and its own norm: eight FMA chains, one query load per four vectors.
   */
  private static void cosine4(float[] q, float queryNorm, float[] data, int base, float[] scores, int v) {
    int d = q.length;
    int b0 = base;
    int b1 = base + d;
    int b2 = base + 2 * d;
    int b3 = base + 3 * d;
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = FloatVector.zero(SPECIES);
    FloatVector s2 = FloatVector.zero(SPECIES);
    FloatVector s3 = FloatVector.zero(SPECIES);
    FloatVector n0 = FloatVector.zero(SPECIES);
    FloatVector n1 = FloatVector.zero(SPECIES);
    FloatVector n2 = FloatVector.zero(SPECIES);
    FloatVector n3 = FloatVector.zero(SPECIES);
    int i = 0;
    int bound = SPECIES.loopBound(d);
    for (; i < bound; i += L) {
      FloatVector q0 = fromArray(SPECIES, q, i);
      FloatVector x0 = fromArray(SPECIES, data, b0 + i);
      FloatVector x1 = fromArray(SPECIES, data, b1 + i);
      FloatVector x2 = fromArray(SPECIES, data, b2 + i);
      FloatVector x3 = fromArray(SPECIES, data, b3 + i);
      s0 = q0.fma(x0, s0);
      s1 = q0.fma(x1, s1);
      s2 = q0.fma(x2, s2);
      s3 = q0.fma(x3, s3);
      n0 = x0.fma(x0, n0);
      n1 = x1.fma(x1, n1);
      n2 = x2.fma(x2, n2);
      n3 = x3.fma(x3, n3);
    }
    FloatVector ab = s0.blend(s1, Lanes.HIGH_HALF).add(s1.blend(s0, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
    FloatVector cd = s2.blend(s3, Lanes.HIGH_HALF).add(s3.blend(s2, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
    FloatVector all = ab.blend(cd, Lanes.HIGH_QUARTERS)
        .add(cd.blend(ab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
    all = L >= 8 ? all.add(all.rearrange(Lanes.SWAP_EIGHTHS)) : all;
    all = L >= 16 ? all.add(all.rearrange(Lanes.SWAP_SIXTEENTHS)) : all;
    float r0 = all.lane(Lanes.SUM_0);
    float r1 = all.lane(Lanes.SUM_1);
    float r2 = all.lane(Lanes.SUM_2);
    float r3 = all.lane(Lanes.SUM_3);
    FloatVector nab = n0.blend(n1, Lanes.HIGH_HALF).add(n1.blend(n0, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
    FloatVector ncd = n2.blend(n3, Lanes.HIGH_HALF).add(n3.blend(n2, Lanes.HIGH_HALF).rearrange(Lanes.SWAP_HALVES));
    FloatVector norms = nab.blend(ncd, Lanes.HIGH_QUARTERS)
        .add(ncd.blend(nab, Lanes.HIGH_QUARTERS).rearrange(Lanes.SWAP_QUARTERS));
    norms = L >= 8 ? norms.add(norms.rearrange(Lanes.SWAP_EIGHTHS)) : norms;
    norms = L >= 16 ? norms.add(norms.rearrange(Lanes.SWAP_SIXTEENTHS)) : norms;
    float m0 = norms.lane(Lanes.SUM_0);
    float m1 = norms.lane(Lanes.SUM_1);
    float m2 = norms.lane(Lanes.SUM_2);
    float m3 = norms.lane(Lanes.SUM_3);
    for (; i < d; i++) {
      float qi = q[i];
      float x0 = data[b0 + i];
      float x1 = data[b1 + i];
      float x2 = data[b2 + i];
      float x3 = data[b3 + i];
      r0 += qi * x0;
      r1 += qi * x1;
      r2 += qi * x2;
      r3 += qi * x3;
      m0 += x0 * x0;
      m1 += x1 * x1;
      m2 += x2 * x2;
      m3 += x3 * x3;
    }
    scores[v] = VectorUtilSupport.cosineFromParts(r0, queryNorm, m0);
    scores[v + 1] = VectorUtilSupport.cosineFromParts(r1, queryNorm, m1);
    scores[v + 2] = VectorUtilSupport.cosineFromParts(r2, queryNorm, m2);
    scores[v + 3] = VectorUtilSupport.cosineFromParts(r3, queryNorm, m3);
  }
}
