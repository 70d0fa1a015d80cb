package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PointIdTest {

  @Test
  void numbersAreUnsigned() {
    assertThat(PointId.ofNumber(-1).toString()).isEqualTo("18446744073709551615");
    assertThat(PointId.ofNumber(Long.MIN_VALUE).toString()).isEqualTo("9223372036854775808");
    assertThat(PointId.ofNumber(Long.parseUnsignedLong("18446744073709551615")))
        .isEqualTo(PointId.ofNumber(-1));
    assertThat(PointId.ofNumber(7).number()).isEqualTo(7);
  }

  @Test
  void sortsNumbersUnsignedThenStringsBytewise() {
    List<PointId> ids = new ArrayList<>(List.of(
        PointId.ofString("b"),
        PointId.ofNumber(-1),
        PointId.ofString("é"), // 0xC3 0xA9: after every ASCII string
        PointId.ofNumber(2),
        PointId.ofString("Z"),
        PointId.ofNumber(Long.MAX_VALUE)));
    ids.sort(null);
    assertThat(ids).containsExactly(
        PointId.ofNumber(2),
        PointId.ofNumber(Long.MAX_VALUE),
        PointId.ofNumber(-1),
        PointId.ofString("Z"),
        PointId.ofString("b"),
        PointId.ofString("é"));
  }

  @Test
  void stringIdsMustNotBeEmpty() {
    assertThatThrownBy(() -> PointId.ofString("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void askingForTheWrongKindFailsClearly() {
    assertThatThrownBy(() -> PointId.ofString("a").number()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is a string");
    assertThatThrownBy(() -> PointId.ofNumber(1).string()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is a number");
  }

  @Test
  void uuidBecomesItsCanonicalString() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(PointId.ofUuid(uuid)).isEqualTo(PointId.ofString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(PointId.ofUuid(uuid).isNumber()).isFalse();
  }
}
