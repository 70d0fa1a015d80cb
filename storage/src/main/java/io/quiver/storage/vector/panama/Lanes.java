package io.quiver.storage.vector.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A deterministic horizontal sum of float lanes.
 *
 * <p>Why not {@code reduceLanes(ADD)}: its summation order is unspecified, and in practice
 * the interpreter's fallback (lane 0, 1, 2, ...) and C2's intrinsic (a tree) round
 * differently, so the same distance came out one ulp apart before and after a kernel was
 * compiled, and two identical searches could return different scores. Folding the upper half
 * onto the lower half with lane-wise adds gives one fixed order: each lane-wise add is
 * exactly rounded by IEEE 754 in every tier.
 *
 * <p>Stateless and thread-safe.
 */
final class Lanes {
  private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
  /** FOLD[k] moves lane i + 2^k to lane i (wrapping); only the low lanes' results are used. */
  private static final VectorShuffle<Float>[] FOLD = folds();

  private Lanes() {}

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    int steps = Integer.numberOfTrailingZeros(SPECIES.length());
    VectorShuffle<Float>[] out = new VectorShuffle[steps];
    for (int k = 0; k < steps; k++) {
      out[k] = VectorShuffle.iota(SPECIES, 1 << k, 1, true);
    }
    return out;
  }

  /** Sum of all lanes of {@code v}, in a fixed pairwise order. */
  static float sum(FloatVector v) {
    for (int k = FOLD.length - 1; k >= 0; k--) {
      v = v.add(v.rearrange(FOLD[k]));
    }
    return v.lane(0);
  }
}
