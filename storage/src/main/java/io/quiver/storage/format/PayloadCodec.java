package io.quiver.storage.format;

import io.quiver.storage.payload.Payload;
import io.quiver.storage.payload.PayloadValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of a {@link Payload}, stored as the value of the {@code payloads} column family.
 *
 * <pre>
 * payload := version:u8 (=1) map
 * map     := count:varint (key:string value)*        keys in ascending order
 * value   := tag:u8 body
 *   tag 0 null      (no body)
 *   tag 1 text      string                            string := len:varint utf8[len]
 *   tag 2 integer   i64 big-endian
 *   tag 3 double    i64 big-endian IEEE-754 bits
 *   tag 4 bool      u8 (0 or 1)
 *   tag 5 list      count:varint value*
 *   tag 6 map       map
 * </pre>
 *
 * Tags are never reused; a new kind gets a new tag and old records stay readable.
 * Thread-safe (stateless).
 */
public final class PayloadCodec {
  /** Current format version. */
  public static final int VERSION = 1;
  /** Deepest nesting of lists and maps that is encoded or decoded. */
  public static final int MAX_DEPTH = 16;

  private static final int NULL = 0;
  private static final int TEXT = 1;
  private static final int INT = 2;
  private static final int REAL = 3;
  private static final int BOOL = 4;
  private static final int LIST = 5;
  private static final int MAP = 6;

  private PayloadCodec() {}

  public static byte[] encode(Payload payload) {
    ByteWriter w = new ByteWriter(64);
    w.u8(VERSION);
    writeMap(w, payload.fields(), 0);
    return w.toByteArray();
  }

  public static Payload decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, "payload");
    int version = r.u8();
    if (version != VERSION) {
      throw new CorruptDataException("payload: unknown format version " + version);
    }
    Payload payload = new Payload(readMap(r, 0));
    r.expectEnd();
    return payload;
  }

  private static void writeMap(ByteWriter w, Map<String, PayloadValue> fields, int depth) {
    // Sort so that equal payloads have equal bytes (the top-level map is sorted already).
    List<String> keys = new ArrayList<>(fields.keySet());
    keys.sort(null);
    w.varint(keys.size());
    for (String key : keys) {
      w.string(key);
      writeValue(w, fields.get(key), depth);
    }
  }

  private static void writeValue(ByteWriter w, PayloadValue value, int depth) {
    switch (value) {
      case PayloadValue.Null n -> w.u8(NULL);
      case PayloadValue.Text t -> w.u8(TEXT).string(t.value());
      case PayloadValue.Int i -> w.u8(INT).i64(i.value());
      case PayloadValue.Real d -> w.u8(REAL).i64(Double.doubleToRawLongBits(d.value()));
      case PayloadValue.Bool b -> w.u8(BOOL).u8(b.value() ? 1 : 0);
      case PayloadValue.ListOf l -> {
        checkDepth(depth + 1);
        w.u8(LIST).varint(l.values().size());
        for (PayloadValue v : l.values()) {
          writeValue(w, v, depth + 1);
        }
      }
      case PayloadValue.MapOf m -> {
        checkDepth(depth + 1);
        w.u8(MAP);
        writeMap(w, m.fields(), depth + 1);
      }
    }
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("payload nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static Map<String, PayloadValue> readMap(ByteReader r, int depth) {
    int count = r.varint();
    Map<String, PayloadValue> fields = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = r.string();
      fields.put(key, readValue(r, depth));
    }
    return fields;
  }

  private static PayloadValue readValue(ByteReader r, int depth) {
    int tag = r.u8();
    return switch (tag) {
      case NULL -> PayloadValue.Null.INSTANCE;
      case TEXT -> new PayloadValue.Text(r.string());
      case INT -> new PayloadValue.Int(r.i64());
      case REAL -> new PayloadValue.Real(Double.longBitsToDouble(r.i64()));
      case BOOL -> new PayloadValue.Bool(r.u8() != 0);
      case LIST -> {
        if (depth + 1 > MAX_DEPTH) {
          throw new CorruptDataException("payload: nesting deeper than " + MAX_DEPTH);
        }
        int n = r.varint();
        List<PayloadValue> values = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          values.add(readValue(r, depth + 1));
        }
        yield new PayloadValue.ListOf(values);
      }
      case MAP -> {
        if (depth + 1 > MAX_DEPTH) {
          throw new CorruptDataException("payload: nesting deeper than " + MAX_DEPTH);
        }
        yield new PayloadValue.MapOf(readMap(r, depth + 1));
      }
      default -> throw new CorruptDataException("payload: unknown value tag " + tag + " at byte "
          + (r.position() - 1));
    };
  }
}
