package io.quiver.storage.vector.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The constants of the float kernels' horizontal sum: one fixed pairwise tree, lane {@code i}
 * plus lane {@code i + L/2}, then {@code i + L/4}, and so on down to lanes 0 and 1.
 *
 * <p>Why not {@code reduceLanes(ADD)}: its summation order is unspecified, and in practice
 * the interpreter's fallback (lane 0, 1, 2, ...) and C2's intrinsic (a tree) round
 * differently, so the same distance came out one ulp apart before and after a kernel was
 * compiled, and two identical searches could return different scores. Lane-wise adds in a
 * fixed tree are exactly rounded by IEEE 754 in every tier. (It is the order of C2's own tree
 * on x86, so compiled scores are the ones {@code reduceLanes} gives there.)
 *
 * <p>Why the kernels write the tree out instead of calling a {@code sum(FloatVector)}
 * helper: C2 stops inlining ordinary methods once a compilation holds 18,000 nodes
 * ({@code NodeCountInliningCutoff}), and the Vector API is node-hungry (a load is about 330
 * nodes before it is folded, an FMA about 450). A helper that takes or returns a vector and is then
 * not inlined gets its vectors boxed on the heap. That happened: a block kernel inlined twice
 * into its caller left three of its four sums as calls, and the block went from 18.4 to
 * 23.8-32.6 ns per vector at d = 384 once C2 recompiled it (JMH, bench/RESULTS.md).
 * So no method in this package passes a vector to another method of ours: a kernel takes
 * arrays and returns floats, and when it is the one left out of a large caller it is a plain
 * call, not a boxing one.
 *
 * <p>Two shapes of the tree, both giving each accumulator exactly the sum {@code fold} steps
 * would: a single vector folds onto itself ({@link #FOLD_8}, {@link #FOLD_4}, {@link
 * #FOLD_2}, then lanes 0 + 1); four accumulators are merged pairwise into one vector ({@link
 * #HIGH_HALF} blends and {@link #SWAP_HALVES} swaps, then quarters), so that the last folds
 * work on all four at once and the four sums end in lanes {@link #SUM_0} .. {@link #SUM_3}:
 * 6 blends, 5 permutes and 5 adds instead of 12 permutes, 12 adds and 8 lane extractions.
 *
 * <p>The kernels use at most 512-bit vectors ({@link FloatKernels#SPECIES}), so L is 4, 8 or
 * 16; the steps for a larger L are skipped by constant conditions that C2 folds.
 */
final class Lanes {
  private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
  private static final int L = SPECIES.length();

  private Lanes() {}

  /**
   * Single-vector fold by 8, 4, 2 lanes: lane i + s moves to lane i (wrapping). Each is for
   * the width that still holds 2s lanes (512, 256, 128 bits), because a kernel reads the low
   * half of each folded vector as a vector of half the width before the next level.
   */
  static final VectorShuffle<Float> FOLD_8 = VectorShuffle.iota(FloatVector.SPECIES_512, 8, 1, true);
  static final VectorShuffle<Float> FOLD_4 = VectorShuffle.iota(FloatVector.SPECIES_256, 4, 1, true);
  static final VectorShuffle<Float> FOLD_2 = VectorShuffle.iota(FloatVector.SPECIES_128, 2, 1, true);

  /** Lanes of the upper half of each group of {@code L} (resp. {@code L/2}) lanes. */
  static final VectorMask<Float> HIGH_HALF = laneBitSet(L / 2);
  static final VectorMask<Float> HIGH_QUARTERS = laneBitSet(L / 4);
  /** Lane i takes lane {@code i ^ s}: swaps the halves, quarters, eighths, sixteenths. */
  static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromOp(SPECIES, i -> i ^ (L / 2));
  static final VectorShuffle<Float> SWAP_QUARTERS = VectorShuffle.fromOp(SPECIES, i -> i ^ (L / 4));
  static final VectorShuffle<Float> SWAP_EIGHTHS = VectorShuffle.fromOp(SPECIES, i -> i ^ Math.max(1, L / 8));
  static final VectorShuffle<Float> SWAP_SIXTEENTHS = VectorShuffle.fromOp(SPECIES, i -> i ^ Math.max(1, L / 16));

  /** Where a four-way merge leaves the sums of its first, second, third and fourth vector. */
  static final int SUM_0 = 0;
  static final int SUM_1 = L / 2;
  static final int SUM_2 = L / 4;
  static final int SUM_3 = L / 2 + L / 4;

  private static VectorMask<Float> laneBitSet(int bit) {
    boolean[] set = new boolean[L];
    for (int i = 0; i < L; i++) {
      set[i] = (i & bit) != 0;
    }
    return VectorMask.fromArray(SPECIES, set, 0);
  }
}
