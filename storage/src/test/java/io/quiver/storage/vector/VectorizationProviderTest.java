package io.quiver.storage.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The provider's decision in each situation this JVM can show: forced scalar, forced panama,
 * an unknown value, and the automatic choice (Panama exactly when the module is present and
 * C2 is on, which is how the default test execution runs).
 */
class VectorizationProviderTest {
  private static boolean modulepresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  @Test
  void forcedScalarIsScalar() {
    var choice = VectorizationProvider.decide("scalar");
    assertThat(choice.support()).isSameAs(VectorizationProvider.scalar());
    assertThat(choice.reason()).contains("forced");
  }

  @Test
  void forcedPanamaIsPanamaWhenTheModuleIsPresentAndScalarOtherwise() {
    var choice = VectorizationProvider.decide("panama");
    if (modulepresent()) {
      assertThat(choice.support().name()).isEqualTo("panama");
      assertThat(choice.reason()).contains("forced").contains("bit vectors");
    } else {
      assertThat(choice.support()).isSameAs(VectorizationProvider.scalar());
      assertThat(choice.reason()).contains("jdk.incubator.vector").contains("--add-modules");
    }
  }

  @Test
  void unknownValueFallsBackToTheAutomaticChoiceAndSaysSo() {
    var choice = VectorizationProvider.decide("avx9000");
    assertThat(choice.reason()).contains("unknown").contains("avx9000");
    assertThat(choice.support().name()).isEqualTo(VectorizationProvider.decide(null).support().name());
  }

  @Test
  void automaticChoiceIsPanamaWhenTheModuleIsPresentWithC2() {
    assumeTrue(modulepresent(), "no jdk.incubator.vector in this JVM");
    assumeTrue(HotSpotFlags.option("UseSuperWord").isPresent()
        && !"1".equals(HotSpotFlags.option("TieredStopAtLevel").orElse("4")), "no C2 in this JVM");
    var choice = VectorizationProvider.decide(null);
    if (!HotSpotFlags.flag("UseFMA", true)) {
      // e.g. -XX:UseAVX=0: the kernels are FMA-based, so the provider must say why it declined.
      assertThat(choice.support().name()).isEqualTo("scalar");
      assertThat(choice.reason()).contains("fused multiply-add");
      return;
    }
    assertThat(choice.support().name()).isEqualTo("panama");
    assertThat(VectorizationProvider.panama()).isPresent();
    if (System.getProperty(VectorizationProvider.IMPL_PROPERTY) == null) {
      assertThat(VectorUtil.implementationName()).isEqualTo("panama");
    }
  }

  @Test
  void choiceIsMadeOnceAndExplained() {
    assertThat(VectorizationProvider.choice()).isSameAs(VectorizationProvider.choice());
    assertThat(VectorizationProvider.choice().reason()).isNotBlank();
    assertThat(VectorizationProvider.get()).isSameAs(VectorizationProvider.choice().support());
  }
}
