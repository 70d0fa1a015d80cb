package io.quiver.storage.format;

import io.quiver.storage.collection.CollectionConfig;
import io.quiver.storage.index.IndexSpec;
import io.quiver.storage.vector.VectorSimilarity;

/**
 * Binary form of a {@link CollectionConfig}, stored in the {@code meta} column family.
 *
 * <pre>
 * config := version:u8 (=1) id:i32 dimension:i32 metric:u8 index:string created_at_ms:i64 name:string
 * metric := 1 COSINE | 2 DOT | 3 L2       (fixed codes, never enum ordinals)
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class CollectionConfigCodec {
  /** Current format version. */
  public static final int VERSION = 1;

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
        .toByteArray();
  }

  public static CollectionConfig decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, "collection config");
    int version = r.u8();
    if (version != VERSION) {
      throw new CorruptDataException("collection config: unknown format version " + version);
    }
    int id = r.i32();
    int dimension = r.i32();
    VectorSimilarity metric = metricOf(r.u8());
    IndexSpec index = IndexSpec.parse(r.string());
    long created = r.i64();
    String name = r.string();
    r.expectEnd();
    return new CollectionConfig(name, id, dimension, metric, index, created);
  }

  static int metricCode(VectorSimilarity metric) {
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
