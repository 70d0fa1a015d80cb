package io.quiver.storage.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.collection.CollectionConfig;
import io.quiver.storage.collection.PointId;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import io.quiver.storage.vector.VectorSimilarity;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Version-1 records written as fixed bytes: if a codec change breaks reading data already on
 * disk, these fail. Add a fixture per new version; never edit an old one.
 */
class FormatCompatibilityTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void payloadV1() {
    Payload p = new Payload(Map.of(
        "a", new PayloadValue.Int(-2),
        "b", new PayloadValue.ListOf(List.of(new PayloadValue.Text("x"), PayloadValue.Null.INSTANCE,
            new PayloadValue.Bool(true))),
        "c", new PayloadValue.MapOf(Map.of("d", new PayloadValue.Real(1.5)))));
    String v1 = "01" + "03"
        + "0161" + "02" + "fffffffffffffffe"
        + "0162" + "05" + "03" + "01" + "0178" + "00" + "04" + "01"
        + "0163" + "06" + "01" + "0164" + "03" + "3ff8000000000000";
    assertThat(HEX.formatHex(PayloadCodec.encode(p))).isEqualTo(v1);
    assertThat(PayloadCodec.decode(HEX.parseHex(v1))).isEqualTo(p);
  }

  @Test
  void vectorV1IsStillReadWithSequenceZero() {
    String v1 = "01" + "0000803f" + "000000c0";
    VectorCodec.Stored stored = VectorCodec.decode(HEX.parseHex(v1));
    assertThat(stored.vector()).containsExactly(1f, -2f);
    assertThat(stored.seq()).isZero();
  }

  @Test
  void vectorV2CarriesTheWriteSequence() {
    String v2 = "02" + "0701000000000000" + "0000803f" + "000000c0";
    byte[] record = VectorCodec.encode(0, new float[] {1f, -2f});
    VectorCodec.setSeq(record, 263);
    assertThat(HEX.formatHex(record)).isEqualTo(v2);
    VectorCodec.Stored stored = VectorCodec.decode(HEX.parseHex(v2));
    assertThat(stored.vector()).containsExactly(1f, -2f);
    assertThat(stored.seq()).isEqualTo(263);
  }

  @Test
  void pointKeyV1OrdersLikePointIds() {
    assertThat(HEX.formatHex(PointKeyCodec.key(7, PointId.of(-1L)))).isEqualTo("00000007" + "00" + "ffffffffffffffff");
    assertThat(HEX.formatHex(PointKeyCodec.key(7, PointId.of("ab")))).isEqualTo("00000007" + "01" + "6162");
    assertThat(PointKeyCodec.idFromKey(HEX.parseHex("0000000701" + "6162"))).isEqualTo(PointId.of("ab"));
    List<PointId> ids = List.of(PointId.of(0), PointId.of(5), PointId.of(-1L), PointId.of("A"), PointId.of("a"), PointId.of("é"));
    for (int i = 0; i + 1 < ids.size(); i++) {
      assertThat(ids.get(i).compareTo(ids.get(i + 1))).isNegative();
      assertThat(java.util.Arrays.compareUnsigned(PointKeyCodec.key(1, ids.get(i)), PointKeyCodec.key(1, ids.get(i + 1)))).isNegative();
    }
  }

  @Test
  void collectionConfigV1IsReadAsSync() {
    CollectionConfig c = new CollectionConfig("docs", 3, 128, VectorSimilarity.L2, IndexSpec.FLAT, 1000L);
    String v1 = "01" + "00000003" + "00000080" + "03" + "04464c4154" + "00000000000003e8" + "04646f6373";
    assertThat(CollectionConfigCodec.decode(HEX.parseHex(v1))).isEqualTo(c);
    assertThat(c.durability()).isEqualTo(io.quiver.storage.collection.Durability.SYNC);
  }

  @Test
  void collectionConfigV2CarriesDurability() {
    CollectionConfig c = new CollectionConfig("docs", 3, 128, VectorSimilarity.L2, IndexSpec.FLAT, 1000L,
        io.quiver.storage.collection.Durability.ASYNC);
    String v2 = "02" + "00000003" + "00000080" + "03" + "04464c4154" + "00000000000003e8" + "04646f6373" + "02";
    assertThat(HEX.formatHex(CollectionConfigCodec.encode(c))).isEqualTo(v2);
    assertThat(CollectionConfigCodec.decode(HEX.parseHex(v2))).isEqualTo(c);
  }

  @Test
  void damagedRecordsFailWithAClearError() {
    assertThatThrownBy(() -> PayloadCodec.decode(HEX.parseHex("0101"))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> PayloadCodec.decode(HEX.parseHex("02"))).hasMessageContaining("version 2");
    assertThatThrownBy(() -> PayloadCodec.decode(HEX.parseHex("0101016109"))).hasMessageContaining("tag 9");
    assertThatThrownBy(() -> VectorCodec.decode(HEX.parseHex("010000"))).hasMessageContaining("not 1 + 4*d");
    assertThatThrownBy(() -> VectorCodec.decode(HEX.parseHex("0200"))).hasMessageContaining("not 9 + 4*d");
    assertThatThrownBy(() -> VectorCodec.decode(HEX.parseHex("03"))).hasMessageContaining("version 3");
  }
}
