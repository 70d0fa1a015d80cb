package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Recall@k against cases worked out by hand. */
class RecallTest {
  @Test
  void fractionOfTheTrueTopKFoundInTheReturnedTopK() {
    int[] truth = {4, 8, 15, 16, 23, 42, 7, 9, 11, 13};
    // Returned top 10: 4, 15, 23 and 42 are in the true top 10; 16 is at position 11 and
    // does not count; 100..104 are wrong. 4 of 10.
    int[] result = {4, 100, 15, 101, 23, 102, 42, 103, 104, 105, 16};
    assertThat(Recall.atK(result, truth, 10)).isEqualTo(0.4);
    // recall@3: true top 3 = {4, 8, 15}; returned top 3 = {4, 100, 15}: 2 of 3.
    assertThat(Recall.atK(result, truth, 3)).isCloseTo(2.0 / 3, within(1e-12));
    // recall@1: 4 is the true nearest and came first.
    assertThat(Recall.atK(result, truth, 1)).isEqualTo(1.0);
  }

  @Test
  void orderWithinTheTopKDoesNotMatter() {
    assertThat(Recall.atK(new int[] {3, 2, 1}, new int[] {1, 2, 3}, 3)).isEqualTo(1.0);
  }

  @Test
  void shortResultsPaddingAndDuplicates() {
    // Only 2 hits returned for k=4, both right: 2 of 4.
    assertThat(Recall.atK(new int[] {1, 2}, new int[] {1, 2, 3, 4}, 4)).isEqualTo(0.5);
    // Truth padded with -1 (fewer true neighbours than k): the denominator is 2.
    assertThat(Recall.atK(new int[] {5, 6, 7}, new int[] {5, 7, -1}, 3)).isEqualTo(1.0);
    // A duplicated id counts once.
    assertThat(Recall.atK(new int[] {1, 1, 1}, new int[] {1, 2, 3}, 3)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(Recall.atK(new int[] {1}, new int[] {}, 10)).isNaN();
  }

  @Test
  void meanLeavesOutQueriesWithoutTruth() {
    int[][] results = {{1, 2}, {3, 9}, {5}};
    int[][] truth = {{1, 2}, {3, 4}, {}};
    assertThat(Recall.mean(results, truth, 2)).isEqualTo(0.75);
  }
}
