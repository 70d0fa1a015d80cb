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
 * <p>Shape: one static final shuffle per fold, so C2 sees each as a constant (read from an
 * array, each fold also loaded and checked its shuffle: 9.5 ns against 7.5 ns for a whole d =
 * 128 dot product in JMH); the folds stop at two lanes, which are added as scalars (the same
 * arithmetic as a last fold by one lane, without its cross-lane permute: 6.4-7.5 ns).
 *
 * <p>Stateless and thread-safe.
 */
final class Lanes {
  private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
  private static final int L = SPECIES.length();
  /** Fold by 8, 4, 2 lanes: lane i + s moves to lane i (wrapping; only the low lanes are used). */
  private static final VectorShuffle<Float> FOLD_8 = VectorShuffle.iota(SPECIES, 8, 1, true);
  private static final VectorShuffle<Float> FOLD_4 = VectorShuffle.iota(SPECIES, 4, 1, true);
  private static final VectorShuffle<Float> FOLD_2 = VectorShuffle.iota(SPECIES, 2, 1, true);

  private Lanes() {}

  /** Sum of all lanes of {@code v}, in a fixed pairwise order. */
  static float sum(FloatVector v) {
    for (int s = L / 2; s > 8; s /= 2) {
      // Wider than 512 bits (some SVE machines): fold down to 16 lanes first.
      v = v.add(v.rearrange(VectorShuffle.iota(SPECIES, s, 1, true)));
    }
    if (L >= 16) {
      v = v.add(v.rearrange(FOLD_8));
    }
    if (L >= 8) {
      v = v.add(v.rearrange(FOLD_4));
    }
    if (L >= 4) {
      v = v.add(v.rearrange(FOLD_2));
    }
    return v.lane(0) + v.lane(1);
  }
}
