package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Shared inputs and tolerances for the kernel tests: the odd and round sizes every kernel is
 * run on, seeded random and boundary vectors, and a float comparison whose tolerance grows
 * with the size (the standard bound for a recursive sum, n * u * sum|terms|, doubled because
 * both implementations round). Not thread-safe (holds nothing; static helpers).
 */
final class KernelTestSupport {
  private KernelTestSupport() {}

  /** Sizes that hit every unrolled-body / vector-loop / scalar-tail combination for 4..16 lanes. */
  static final int[] SIZES = {
      1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 384, 768, 1000, 1536, 4096};

  /** The off-heap block layout: little-endian floats, no alignment. */
  static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** {@code data} copied into a new segment of {@code arena}, for the off-heap block kernels. */
  static MemorySegment offHeapCopy(Arena arena, float[] data) {
    MemorySegment segment = arena.allocate((long) data.length * Float.BYTES);
    MemorySegment.copy(data, 0, segment, FLOAT_LE, 0, data.length);
    return segment;
  }

  /** Float unit roundoff, 2^-24. */
  static final double U = Math.ulp(1.0f) / 2;

  static IntStream sizes() {
    return IntStream.of(SIZES);
  }

  /** The Panama kernels, or the test is skipped (it is in the scalar-fallback execution). */
  static VectorUtilSupport panama() {
    var panama = VectorizationProvider.panama();
    assumeTrue(panama.isPresent(), "Panama kernels unavailable (no jdk.incubator.vector)");
    return panama.get();
  }

  /** The scalar kernels, plus the Panama ones where this JVM has them. */
  static java.util.List<VectorUtilSupport> bothAvailable() {
    var list = new java.util.ArrayList<VectorUtilSupport>();
    list.add(scalar());
    VectorizationProvider.panama().ifPresent(list::add);
    return list;
  }

  static VectorUtilSupport scalar() {
    return VectorizationProvider.scalar();
  }

  /** Kinds of float input, each a boundary the kernels must agree on. */
  enum Fill {
    RANDOM, ZEROS, LARGE_FINITE, OVERFLOW, SUBNORMAL, MIXED_SIGNS;

    /** Fills {@code a} (role 0) or {@code b} (role 1) of length {@code n}. */
    float[] make(Random random, int n, int role) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = switch (this) {
          case RANDOM -> random.nextFloat() * 2 - 1;
          case ZEROS -> 0f;
          // Every product and squared difference at most MAX/(4n): sums stay finite.
          case LARGE_FINITE -> (float) ((random.nextBoolean() ? 0.25 : -0.25)
              * Math.sqrt(Float.MAX_VALUE / (double) n) * random.nextDouble());
          // Every product overflows to +Inf (dot), every difference to Inf (L2): consistent.
          case OVERFLOW -> role == 0 ? Float.MAX_VALUE / 2 : (role == 1 ? Float.MAX_VALUE : -Float.MAX_VALUE);
          case SUBNORMAL -> role == 0 ? Float.MIN_VALUE * (1 + random.nextInt(1 << 20)) * (random.nextBoolean() ? 1 : -1)
              : random.nextFloat() * 4 - 2;
          // Large alternating terms that cancel, with small noise: the hard case for rounding.
          case MIXED_SIGNS -> ((role == 0 ? i % 2 == 0 : i % 4 < 2) ? 1e4f : -1e4f) + random.nextFloat();
        };
      }
      return v;
    }
  }

  /** The tolerance for a float sum of {@code n} terms whose absolute values sum to {@code absSum}. */
  static double tolerance(int n, double absSum) {
    return 2.0 * (n + 1) * U * absSum + 2.0 * (n + 1) * Float.MIN_VALUE;
  }

  /**
   * Asserts {@code actual} equals {@code expected} within {@code tolerance}, or, when either
   * is not finite, that both are the same infinity or both NaN.
   */
  static void assertClose(float expected, float actual, double tolerance, String what) {
    if (!Float.isFinite(expected) || !Float.isFinite(actual)) {
      // Float.compare treats NaN as equal to NaN, which is what "consistent" means here.
      assertThat(Float.compare(actual, expected))
          .as(what + ": non-finite results must match exactly, expected " + expected + " but was " + actual)
          .isZero();
      return;
    }
    assertThat((double) actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
  }

  static double absDot(float[] a, int ao, float[] b, int bo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs((double) a[ao + i] * b[bo + i]);
    }
    return s;
  }

  static double squareDistanceSum(float[] a, int ao, float[] b, int bo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = (float) (a[ao + i] - b[bo + i]); // the kernels round the difference to float first
      s += d * d;
    }
    return s;
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] v = new byte[n];
    random.nextBytes(v);
    return v;
  }

  /**
   * One interleaved PQ block ({@link VectorUtilSupport#PQ_BLOCK} codes of {@code m} bytes,
   * given back to back in {@code rowMajor}) at {@code offset} of a new array that ends with
   * the block, so a kernel reading past it throws.
   */
  static byte[] interleavedBlock(byte[] rowMajor, int m, int offset) {
    int b = VectorUtilSupport.PQ_BLOCK;
    byte[] interleaved = new byte[offset + b * m];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < m; j++) {
        interleaved[offset + j * b + i] = rowMajor[i * m + j];
      }
    }
    return interleaved;
  }
}
