package io.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.proto.v1.NullValue;
import io.quiver.proto.v1.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtoConversionsTest {

  @Test
  void idsMapToTheOneofAndBack() {
    var above = ProtoConversions.toProto(PointId.ofNumber(-2));
    assertThat(above.hasNum()).isTrue();
    assertThat(Long.toUnsignedString(above.getNum())).isEqualTo("18446744073709551614");
    assertThat(ProtoConversions.fromProto(above)).isEqualTo(PointId.ofNumber(-2));

    var str = ProtoConversions.toProto(PointId.ofString("doc-1"));
    assertThat(str.getStr()).isEqualTo("doc-1");
    assertThat(ProtoConversions.fromProto(str)).isEqualTo(PointId.ofString("doc-1"));
  }

  @Test
  void everyPayloadKindIsEncodedAsTheContractSays() {
    Map<String, Value> proto = ProtoConversions.toProtoPayload(mapOf(
        "s", "text", "l", 1L << 40, "i", 7, "d", 2.5, "f", 0.5f, "b", true, "n", null));
    assertThat(proto.get("s").getStringValue()).isEqualTo("text");
    assertThat(proto.get("l").getIntegerValue()).isEqualTo(1L << 40);
    assertThat(proto.get("i").getIntegerValue()).isEqualTo(7);
    assertThat(proto.get("d").getDoubleValue()).isEqualTo(2.5);
    assertThat(proto.get("f").getDoubleValue()).isEqualTo(0.5);
    assertThat(proto.get("b").getBoolValue()).isTrue();
    assertThat(proto.get("n").getKindCase()).isEqualTo(Value.KindCase.NULL_VALUE);
    assertThat(proto.get("n").getNullValue()).isEqualTo(NullValue.NULL_VALUE);
  }

  @Test
  void nestedPayloadRoundTripsWithNullsAndMixedLists() {
    Map<String, Object> inner = mapOf("deep", List.of(1L, "x"), "none", null);
    Map<String, Object> payload = mapOf(
        "tags", Arrays.asList("a", null, 3L, 4.0, false),
        "meta", mapOf("inner", inner, "count", Long.MAX_VALUE),
        "empty_list", List.of(),
        "empty_map", Map.of(),
        "min", Long.MIN_VALUE);

    Map<String, Object> back = ProtoConversions.fromProtoPayload(ProtoConversions.toProtoPayload(payload));

    assertThat(back).isEqualTo(payload);
    assertThat(back.get("tags")).isInstanceOf(List.class);
    assertThat(((Map<?, ?>) back.get("meta")).get("inner")).isEqualTo(inner);
    assertThatThrownBy(() -> back.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void smallBoxesComeBackWidened() {
    Map<String, Object> back = ProtoConversions.fromProtoPayload(ProtoConversions.toProtoPayload(
        Map.of("i", 1, "sh", (short) 2, "by", (byte) 3, "f", 1.5f)));
    assertThat(back).containsExactlyInAnyOrderEntriesOf(Map.of("i", 1L, "sh", 2L, "by", 3L, "f", 1.5));
  }

  @Test
  void unsupportedTypesNameTheFieldPath() {
    assertThatThrownBy(() -> ProtoConversions.toProtoPayload(Map.of("when", new java.util.Date())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'when'")
        .hasMessageContaining("java.util.Date");
    assertThatThrownBy(() -> ProtoConversions.toProtoPayload(
            Map.of("a", Map.of("b", List.of("ok", Set.of(1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a.b[1]'");
    assertThatThrownBy(() -> ProtoConversions.toProtoPayload(Map.of("big", new java.math.BigInteger("1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BigInteger");
  }

  @Test
  void nestedMapKeysMustBeStrings() {
    assertThatThrownBy(() -> ProtoConversions.toProtoPayload(Map.of("m", Map.of(1, "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'m'")
        .hasMessageContaining("map keys must be strings");
  }

  @Test
  void aListThatContainsItselfIsRejectedNotOverflowed() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> ProtoConversions.toProtoPayload(Map.of("loop", loop)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nests deeper than " + ProtoConversions.MAX_PAYLOAD_DEPTH);
  }

  @Test
  void aValueWithNoKindReadsAsNull() {
    assertThat(ProtoConversions.fromProtoValue(Value.getDefaultInstance())).isNull();
  }

  @Test
  void upsertingAPointWithoutVectorIsRejected() {
    assertThatThrownBy(() -> ProtoConversions.toProto(new Point(PointId.ofNumber(5), null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point 5 has no vector");
  }

  @Test
  void unknownEnumValuesFromANewerServerBecomeUnknown() {
    assertThat(ProtoConversions.fromProto(io.quiver.proto.v1.Metric.UNRECOGNIZED)).isEqualTo(Metric.UNKNOWN);
    assertThat(ProtoConversions.fromProto(io.quiver.proto.v1.Metric.METRIC_UNSPECIFIED)).isEqualTo(Metric.UNKNOWN);
    assertThat(ProtoConversions.fromProto(io.quiver.proto.v1.CollectionStatus.UNRECOGNIZED))
        .isEqualTo(CollectionStatus.UNKNOWN);
  }

  @Test
  void searchQueryFillsEveryField() {
    var request = ProtoConversions.toProto("c", SearchQuery.builder(new float[] {1, 2})
        .limit(3).scoreThreshold(0.25f).withPayload().ef(64).nprobe(8).exact().build());
    assertThat(request.getCollection()).isEqualTo("c");
    assertThat(request.getVector().getValuesList()).containsExactly(1f, 2f);
    assertThat(request.getLimit()).isEqualTo(3);
    assertThat(request.hasScoreThreshold()).isTrue();
    assertThat(request.getScoreThreshold()).isEqualTo(0.25f);
    assertThat(request.getWith().getPayload()).isTrue();
    assertThat(request.getWith().getVector()).isFalse();
    assertThat(request.getParams().getEf()).isEqualTo(64);
    assertThat(request.getParams().getNprobe()).isEqualTo(8);
    assertThat(request.getParams().getExact()).isTrue();

    var plain = ProtoConversions.toProto("c", SearchQuery.of(new float[] {1}, 1));
    assertThat(plain.hasScoreThreshold()).isFalse();
    assertThat(plain.getParams().getExact()).isFalse();
  }

  /** A map that keeps null values and insertion order, which {@code Map.of} cannot. */
  static Map<String, Object> mapOf(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
