package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs only in the {@code scalar-fallback} surefire execution (storage/pom.xml), whose JVM is
 * started without {@code --add-modules=jdk.incubator.vector}: proves that the provider falls
 * back to the scalar kernels with a reason instead of failing, and (with {@link
 * VectorUtilTest} and the other kernel tests in the same execution) that the facade works.
 */
@EnabledIfSystemProperty(named = "quiver.test.expectScalarFallback", matches = "true")
class ScalarFallbackTest {

  @Test
  void theVectorModuleIsReallyAbsent() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
  }

  @Test
  void providerChoseScalarAndSaysWhy() {
    assertThat(VectorizationProvider.get()).isSameAs(VectorizationProvider.scalar());
    assertThat(VectorUtil.implementationName()).isEqualTo("scalar");
    assertThat(VectorizationProvider.choice().reason()).contains("jdk.incubator.vector").contains("--add-modules");
    assertThat(VectorizationProvider.panama()).isEmpty();
    assertThat(VectorizationProvider.decide("panama").support()).isSameAs(VectorizationProvider.scalar());
  }

  @Test
  void everyFacadeCallWorks() {
    float[] a = {1, 2, 3, 4, 5};
    float[] b = {5, 4, 3, 2, 1};
    float[] scores = new float[2];
    assertThat(VectorUtil.dotProduct(a, b)).isEqualTo(35f);
    assertThat(VectorUtil.squareDistance(a, b)).isEqualTo(40f);
    assertThat(VectorUtil.cosine(a, a)).isEqualTo(1f);
    assertThat(VectorUtil.norm(new float[] {3, 4})).isEqualTo(5f);
    VectorUtil.dotProductBlock(a, new float[] {1, 2, 3, 4, 5, 5, 4, 3, 2, 1}, 0, 2, scores);
    assertThat(scores).containsExactly(55f, 35f);
    VectorUtil.squareDistanceBlock(a, new float[] {1, 2, 3, 4, 5, 5, 4, 3, 2, 1}, 0, 2, scores);
    assertThat(scores).containsExactly(0f, 40f);
    VectorUtil.cosineBlock(a, new float[] {1, 2, 3, 4, 5, 0, 0, 0, 0, 0}, 0, 2, scores);
    assertThat(scores).containsExactly(1f, 0f);
    var segment = java.lang.foreign.MemorySegment.ofArray(new float[] {1, 2, 3, 4, 5, 5, 4, 3, 2, 1});
    VectorUtil.dotProductBlock(a, segment, 0, 2, scores);
    assertThat(scores).containsExactly(55f, 35f);
    VectorUtil.squareDistanceBlock(a, segment, 0, 2, scores);
    assertThat(scores).containsExactly(0f, 40f);
    VectorUtil.cosineBlock(a, segment, 0, 1, scores);
    assertThat(scores[0]).isEqualTo(1f);
    assertThat(VectorUtil.dotProduct(new byte[] {-128, 2}, new byte[] {-128, 3})).isEqualTo(16390);
    assertThat(VectorUtil.squareDistance(new byte[] {-128, 2}, new byte[] {127, 3})).isEqualTo(65026);
    int[] ints = new int[1];
    VectorUtil.dotProductBlock(new byte[] {1, 2}, new byte[] {3, 4}, 0, 1, ints);
    assertThat(ints).containsExactly(11);
    VectorUtil.squareDistanceBlock(new byte[] {1, 2}, new byte[] {3, 4}, 0, 1, ints);
    assertThat(ints).containsExactly(8);
    float[] table = new float[256];
    table[200] = 1.5f;
    assertThat(VectorUtil.pqLookupSum(table, new byte[] {(byte) 200}, 0, 1)).isEqualTo(1.5f);
    VectorUtil.pqLookupSumBlock(table, new byte[] {(byte) 200, 0}, 0, 2, 1, scores);
    assertThat(scores).containsExactly(1.5f, 0f);
    for (VectorSimilarity similarity : VectorSimilarity.values()) {
      assertThat(similarity.score(a, a)).isEqualTo(similarity == VectorSimilarity.L2 ? 0f : 55f);
    }
  }
}
