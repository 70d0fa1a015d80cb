package io.quiver.storage.format;

import io.quiver.storage.collection.CollectionConfig;
import io.quiver.storage.collection.Durability;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.vector.VectorSimilarity;

/**
 * Binary form of a {@link CollectionConfig}, stored in the {@code meta} column family.
 *
 * <pre>
 * v1     := 0x01 id:i32 dimension:i32 metric:u8 index:string created_at_ms:i64 name:string
 * v2     := 0x02 (the v1 fields) durability:u8
 * metric := 1 COSINE | 2 DOT | 3 L2       (fixed codes, never enum ordinals)
 * durability := 1 SYNC | 2 ASYNC           (v1 records read as SYNC)
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class CollectionConfigCodec {
  /** Current format version. */
  public static final int VERSION = 2;

  private CollectionConfigCodec() {}

  public static byte[] encode(CollectionConfig c) {
    return new ByteWriter(64)
        .u8(VERSION)
        .i32(c.id())
        .i32(c.dimension())
        .u8(metricCode(c.metric()))
        .string(c.index().toString())
        .i64(c.createdAtMs())
        .string(c.name())
        .u8(c.durability() == Durability.SYNC ? 1 : 2)
        .toByteArray();
  }

  public static CollectionConfig decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, "collection config");
    int version = r.u8();
    if (version != 1 && version != 2) {
      throw new CorruptDataException("collection config: unknown format version " + version);
    }
    int id = r.i32();
    int dimension = r.i32();
    VectorSimilarity metric = metricOf(r.u8());
    IndexSpec index = IndexSpec.parse(r.string());
    long created = r.i64();
    String name = r.string();
    Durability durability = Durability.SYNC;
    if (version >= 2) {
      int code = r.u8();
      durability = switch (code) {
        case 1 -> Durability.SYNC;
        case 2 -> Durability.ASYNC;
        default -> throw new CorruptDataException("collection config: unknown durability code " + code);
      };
    }
    r.expectEnd();
    return new CollectionConfig(name, id, dimension, metric, index, created, durability);
  }

  /** The fixed on-disk code of a metric (1 COSINE, 2 DOT, 3 L2), shared by every saved format. */
  public static int metricCode(VectorSimilarity metric) {
    return switch (metric) {
      case COSINE -> 1;
      case DOT -> 2;
      case L2 -> 3;
    };
  }

  static VectorSimilarity metricOf(int code) {
    return switch (code) {
      case 1 -> VectorSimilarity.COSINE;
      case 2 -> VectorSimilarity.DOT;
      case 3 -> VectorSimilarity.L2;
      default -> throw new CorruptDataException("collection config: unknown metric code " + code);
    };
  }
}
