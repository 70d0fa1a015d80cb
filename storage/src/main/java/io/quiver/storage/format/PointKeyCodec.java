package io.quiver.storage.format;

import io.quiver.storage.collection.PointId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the per-point column families ({@code vectors}, {@code payloads}).
 *
 * <pre>
 * key := collection_id:u32 big-endian  id
 * id  := 0x00 value:u64 big-endian      numeric id
 *      | 0x01 utf8 bytes                string id
 * </pre>
 *
 * Big-endian numbers and the tag byte make RocksDB's bytewise key order equal to
 * {@link PointId}'s order, so an iterator over one collection's prefix scrolls in id order.
 * Thread-safe (stateless).
 */
public final class PointKeyCodec {
  private static final int NUM_TAG = 0x00;
  private static final int STR_TAG = 0x01;

  private PointKeyCodec() {}

  /** The full key of point {@code id} in collection {@code collectionId}. */
  public static byte[] key(int collectionId, PointId id) {
    ByteWriter w = new ByteWriter(13);
    w.i32(collectionId);
    writeId(w, id);
    return w.toByteArray();
  }

  /** The id part alone (used in page tokens). */
  public static byte[] idBytes(PointId id) {
    ByteWriter w = new ByteWriter(9);
    writeId(w, id);
    return w.toByteArray();
  }

  private static void writeId(ByteWriter w, PointId id) {
    switch (id) {
      case PointId.Num n -> w.u8(NUM_TAG).i64(n.value());
      case PointId.Str s -> w.u8(STR_TAG).bytes(s.value().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** First key of a collection (inclusive). */
  public static byte[] collectionStart(int collectionId) {
    return new ByteWriter(4).i32(collectionId).toByteArray();
  }

  /** First key past a collection (exclusive). Collection ids are below 2^31, so +1 cannot wrap. */
  public static byte[] collectionEnd(int collectionId) {
    return new ByteWriter(4).i32(collectionId + 1).toByteArray();
  }

  /** Decodes the id from a full key. */
  public static PointId idFromKey(byte[] key) {
    return decodeId(key, 4, "point key");
  }

  /** Decodes an id written by {@link #idBytes}. */
  public static PointId idFromBytes(byte[] bytes) {
    return decodeId(bytes, 0, "point id");
  }

  private static PointId decodeId(byte[] bytes, int offset, String what) {
    ByteReader r = new ByteReader(bytes, offset, what);
    int tag = r.u8();
    if (tag == NUM_TAG) {
      long v = r.i64();
      r.expectEnd();
      return PointId.of(v);
    }
    if (tag == STR_TAG) {
      byte[] utf8 = Arrays.copyOfRange(bytes, r.position(), bytes.length);
      return PointId.of(new String(utf8, StandardCharsets.UTF_8));
    }
    throw new CorruptDataException(what + ": unknown id tag " + tag);
  }
}
