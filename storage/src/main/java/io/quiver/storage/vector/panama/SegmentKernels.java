package io.quiver.storage.vector.panama;

import static jdk.incubator.vector.FloatVector.fromArray;
import static jdk.incubator.vector.FloatVector.fromMemorySegment;

import io.quiver.storage.vector.VectorUtilSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 block kernels over off-heap {@link MemorySegment}s (n x d little-endian floats, no
 * alignment needed; see {@link VectorUtilSupport}). The shape of {@link FloatKernels}' blocks:
 * four vectors per pass with the query load shared, written into the block loop, one
 * accumulator per vector, the four accumulators merged and folded as in {@link Lanes}
 * (written out: no vector is passed to a method of ours), a scalar tail; leftover vectors go
 * through a single-vector kernel with two accumulators, the pair kernels' order. Dot products
 * are bit for bit the heap block's. Offsets are in bytes and {@code long}, as segments can
 * exceed 2 GiB.
 *
 * <p>Each vector is read through a slice of its own ({@code asSlice(base, rowBytes)}), not
 * at {@code base + offset} in the whole segment. {@code fromMemorySegment} checks every load
 * against its segment's size in long arithmetic, and C2 does not hoist that check out of the
 * loop as it does an array's range check. With four slices of one size, the four loads of a
 * step check one offset against one bound; in the disassembly of the squared-L2 block the
 * unrolled main loop holds no bounds check at all. Measured: 2-85% faster in cache, most at
 * d = 96 and 128, and 7% out of cache (bench/RESULTS.md, fifth round).
 *
 * <p>The squared-distance pass reads the query from a native copy ({@link #nativeCopy}), not
 * from its array. C2 folds a load into the instruction that uses it ({@code vsubps zmm, zmm,
 * [mem]}) only when all the loads of that instruction read the same memory state, and a
 * {@code float[]} and native memory are two states to it: with the query in its array, no
 * off-heap load was ever folded, and each 64 bytes of a vector cost a load, a subtraction and
 * an FMA. With both off-heap, the subtraction reads the vector from memory, as on the heap.
 * That pass also has one accumulator per vector where the heap pass has two (even and odd
 * steps), so its scores can differ from the heap block's in the last bits. Out of cache at
 * d = 768 (JMH, scratch, three forks each, same run): 117.6 ns per vector before, 102.1 with
 * the native query, 93.3 with the native query and one accumulator, against 60.6-65.5 for a
 * plain read; in the product 115.7 before and 84.1 after, against the plain read's 60.7 and
 * 62.2, which is 1.35x the bandwidth limit instead of 1.91x (bench/RESULTS.md, eighth round).
 * The dot pass keeps its query in the array: read from a native copy it gained nothing out of
 * cache and lost 14% in cache at d = 1536. No index reads vectors through these kernels yet.
 * Thread-safe; the query copy is per thread.
 */
final class SegmentKernels {
  private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
  private static final int L = SPECIES.length();
  private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ORDER);

  private SegmentKernels() {}

  static void dotProductBlock(float[] q, MemorySegment data, long byteOffset, int count, float[] scores) {
    int d = q.length;
    long rowBytes = (long) d * Float.BYTES;
    int bound = SPECIES.loopBound(d);
    int v = 0;
    // The pass is written into the block loop, one accumulator per vector, as in FloatKernels.
    for (; v + 4 <= count; v += 4) {
      long b0 = byteOffset + v * rowBytes;
      MemorySegment row0 = data.asSlice(b0, rowBytes);
      MemorySegment row1 = data.asSlice(b0 + rowBytes, rowBytes);
      MemorySegment row2 = data.asSlice(b0 + 2 * rowBytes, rowBytes);
      MemorySegment row3 = data.asSlice(b0 + 3 * rowBytes, rowBytes);
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      FloatVector s2 = FloatVector.zero(SPECIES);
      FloatVector s3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += L) {
        FloatVector q0 = fromArray(SPECIES, q, i);
        long at = (long) i * Float.BYTES;
        s0 = q0.fma(fromMemorySegment(SPECIES, row0, at, ORDER), s0);
        s1 = q0.fma(fromMemorySegment(SPECIES, row1, at, ORDER), s1);
        s2 = q0.fma(fromMemorySegment(SPECIES, row2, at, ORDER), s2);
        s3 = q0.fma(fromMemorySegment(SPECIES, row3, at, ORDER), s3);
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
        long at = (long) i * Float.BYTES;
        r0 += qi * row0.get(FLOAT_LE, at);
        r1 += qi * row1.get(FLOAT_LE, at);
        r2 += qi * row2.get(FLOAT_LE, at);
        r3 += qi * row3.get(FLOAT_LE, at);
      }
      scores[v] = r0;
      scores[v + 1] = r1;
      scores[v + 2] = r2;
      scores[v + 3] = r3;
    }
    for (; v < count; v++) {
      scores[v] = single(q, data, byteOffset + v * rowBytes, Kind.DOT);
    }
  }

  static void squareDistanceBlock(float[] q, MemorySegment data, long byteOffset, int count, float[] scores) {
    int d = q.length;
    long rowBytes = (long) d * Float.BYTES;
    int bound = SPECIES.loopBound(d);
    MemorySegment query = count >= 4 ? nativeCopy(q) : null;
    int v = 0;
    // Written into the block loop, one accumulator per vector (class comment).
    for (; v + 4 <= count; v += 4) {
      long b0 = byteOffset + v * rowBytes;
      MemorySegment qs = query.asSlice(0, rowBytes);
      MemorySegment row0 = data.asSlice(b0, rowBytes);
      MemorySegment row1 = data.asSlice(b0 + rowBytes, rowBytes);
      MemorySegment row2 = data.asSlice(b0 + 2 * rowBytes, rowBytes);
      MemorySegment row3 = data.asSlice(b0 + 3 * rowBytes, rowBytes);
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      FloatVector s2 = FloatVector.zero(SPECIES);
      FloatVector s3 = FloatVector.zero(SPECIES);
      int i = 0;
      for (; i < bound; i += L) {
        long at = (long) i * Float.BYTES;
        FloatVector q0 = fromMemorySegment(SPECIES, qs, at, ORDER);
        FloatVector e0 = q0.sub(fromMemorySegment(SPECIES, row0, at, ORDER));
        FloatVector e1 = q0.sub(fromMemorySegment(SPECIES, row1, at, ORDER));
        FloatVector e2 = q0.sub(fromMemorySegment(SPECIES, row2, at, ORDER));
        FloatVector e3 = q0.sub(fromMemorySegment(SPECIES, row3, at, ORDER));
        s0 = e0.fma(e0, s0);
        s1 = e1.fma(e1, s1);
        s2 = e2.fma(e2, s2);
        s3 = e3.fma(e3, s3);
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
        long at = (long) i * Float.BYTES;
        float e0 = qi - row0.get(FLOAT_LE, at);
        float e1 = qi - row1.get(FLOAT_LE, at);
        float e2 = qi - row2.get(FLOAT_LE, at);
        float e3 = qi - row3.get(FLOAT_LE, at);
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
      scores[v] = single(q, data, byteOffset + v * rowBytes, Kind.L2);
    }
  }

  /** Per thread, native memory for {@link #nativeCopy}, grown to the largest query seen. */
  private static final ThreadLocal<MemorySegment[]> QUERY_COPY = ThreadLocal.withInitial(() -> new MemorySegment[1]);

  /**
   * The query copied into native memory (this thread's; valid until its next call), for the
   * squared-distance pass to read it off-heap like the vectors (class comment). The memory
   * belongs to an automatic arena, so it is freed once the thread is gone.
   */
  private static MemorySegment nativeCopy(float[] q) {
    MemorySegment[] holder = QUERY_COPY.get();
    long bytes = (long) q.length * Float.BYTES;
    if (holder[0] == null || holder[0].byteSize() < bytes) {
      holder[0] = Arena.ofAuto().allocate(Math.max(bytes, 4096), 64);
    }
    MemorySegment.copy(q, 0, holder[0], FLOAT_LE, 0, q.length);
    return holder[0];
  }

  static void cosineBlock(float[] q, MemorySegment data, long byteOffset, int count, float[] scores) {
    long rowBytes = (long) q.length * Float.BYTES;
    float queryNorm = FloatKernels.squareNorm(q, 0, q.length);
    int v = 0;
    if (q.length >= L) {
      for (; v + 4 <= count; v += 4) {
        cosine4(q, queryNorm, data, byteOffset + v * rowBytes, scores, v);
      }
    }
    for (; v < count; v++) {
      long base = byteOffset + v * rowBytes;
      scores[v] = VectorUtilSupport.cosineFromParts(
          single(q, data, base, Kind.DOT), queryNorm, single(q, data, base, Kind.NORM));
    }
  }

  private enum Kind { DOT, L2, NORM }

  /**
   * One vector's dot, squared distance or squared norm (of the data vector), for the leftover
   * vectors of a block: rare (at most three per block), so one kernel with a constant-folded
   * switch rather than three copies; two accumulators hide half the FMA latency.
   */
  private static float single(float[] q, MemorySegment data, long base, Kind kind) {
    int d = q.length;
    MemorySegment row = data.asSlice(base, (long) d * Float.BYTES);
    int i = 0;
    float sum = 0f;
    if (d >= L) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      int bound2 = d - d % (2 * L);
      for (; i < bound2; i += 2 * L) {
        FloatVector x0 = fromMemorySegment(SPECIES, row, (long) i * Float.BYTES, ORDER);
        FloatVector x1 = fromMemorySegment(SPECIES, row, (long) (i + L) * Float.BYTES, ORDER);
        switch (kind) {
          case DOT -> {
            acc0 = fromArray(SPECIES, q, i).fma(x0, acc0);
            acc1 = fromArray(SPECIES, q, i + L).fma(x1, acc1);
          }
          case L2 -> {
            FloatVector e0 = fromArray(SPECIES, q, i).sub(x0);
            FloatVector e1 = fromArray(SPECIES, q, i + L).sub(x1);
            acc0 = e0.fma(e0, acc0);
            acc1 = e1.fma(e1, acc1);
          }
          case NORM -> {
            acc0 = x0.fma(x0, acc0);
            acc1 = x1.fma(x1, acc1);
          }
        }
      }
      int bound = SPECIES.loopBound(d);
      for (; i < bound; i += L) {
        FloatVector x0 = fromMemorySegment(SPECIES, row, (long) i * Float.BYTES, ORDER);
        switch (kind) {
          case DOT -> acc0 = fromArray(SPECIES, q, i).fma(x0, acc0);
          case L2 -> {
            FloatVector e0 = fromArray(SPECIES, q, i).sub(x0);
            acc0 = e0.fma(e0, acc0);
          }
          case NORM -> acc0 = x0.fma(x0, acc0);
        }
      }
      FloatVector s = acc0.add(acc1);
      s = L >= 16 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_8)).reinterpretShape(FloatVector.SPECIES_256, 0) : s;
      s = L >= 8 ? (FloatVector) s.add(s.rearrange(Lanes.FOLD_4)).reinterpretShape(FloatVector.SPECIES_128, 0) : s;
      s = s.add(s.rearrange(Lanes.FOLD_2));
      sum = s.lane(0) + s.lane(1);
    }
    for (; i < d; i++) {
      float x = row.get(FLOAT_LE, (long) i * Float.BYTES);
      sum += switch (kind) {
        case DOT -> q[i] * x;
        case L2 -> (q[i] - x) * (q[i] - x);
        case NORM -> x * x;
      };
    }
    return sum;
  }

  /**
   * Cosines of {@code q} with four vectors. The query norm is computed once per block, so each
   * vector needs a dot and its own norm: eight FMA chains, one query load per four vectors.
   */
  private static void cosine4(float[] q, float queryNorm, MemorySegment data, long base, float[] scores, int v) {
    int d = q.length;
    long rowBytes = (long) d * Float.BYTES;
    MemorySegment row0 = data.asSlice(base, rowBytes);
    MemorySegment row1 = data.asSlice(base + rowBytes, rowBytes);
    MemorySegment row2 = data.asSlice(base + 2 * rowBytes, rowBytes);
    MemorySegment row3 = data.asSlice(base + 3 * rowBytes, rowBytes);
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
      FloatVector x0 = fromMemorySegment(SPECIES, row0, (long) i * Float.BYTES, ORDER);
      FloatVector x1 = fromMemorySegment(SPECIES, row1, (long) i * Float.BYTES, ORDER);
      FloatVector x2 = fromMemorySegment(SPECIES, row2, (long) i * Float.BYTES, ORDER);
      FloatVector x3 = fromMemorySegment(SPECIES, row3, (long) i * Float.BYTES, ORDER);
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
      float x0 = row0.get(FLOAT_LE, (long) i * Float.BYTES);
      float x1 = row1.get(FLOAT_LE, (long) i * Float.BYTES);
      float x2 = row2.get(FLOAT_LE, (long) i * Float.BYTES);
      float x3 = row3.get(FLOAT_LE, (long) i * Float.BYTES);
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
  }}
