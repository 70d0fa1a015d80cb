package io.quiver.storage.collection;

import io.quiver.storage.StorageException;
import io.quiver.storage.filter.Filter;
import io.quiver.storage.filter.FilterEvaluator;
import io.quiver.storage.format.PayloadCodec;
import io.quiver.storage.format.PointKeyCodec;
import io.quiver.storage.kv.Column;
import io.quiver.storage.kv.KvBatch;
import io.quiver.storage.kv.KvCursor;
import io.quiver.storage.kv.KvStore;
import io.quiver.storage.payload.FieldIndex;
import io.quiver.storage.payload.FieldIndexType;
import io.quiver.storage.payload.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The store side of a collection's filters: field index definitions in the META column
 * (key {@code field_index/<collectionId>/<field>}, value the type name), rebuilding index
 * contents from the stored payloads, and checking a filter against stored payloads for fields
 * without an index. Only definitions are persisted; index contents are rebuilt in memory at
 * load (one scan of the payloads). Stateless.
 */
final class CollectionFilters {
  private static final String FIELD_INDEX_PREFIX = "field_index/";
  /** At most this share of the live points is read by key; above it the payloads are scanned. */
  private static final int MULTI_GET_DIVISOR = 4;
  private static final int MULTI_GET_CHUNK = 1024;

  private CollectionFilters() {}

  interface OrdinalSink {
    void add(int ordinal, Payload payload);
  }

  static void checkField(String field) {
    if (field == null || field.isEmpty() || field.length() > 255) {
      throw StorageException.invalid("field: a payload field path of 1..255 characters is required");
    }
    if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw StorageException.invalid("field: '" + field + "' has an empty path segment");
    }
  }

  private static byte[] prefix(int collectionId) {
    return (FIELD_INDEX_PREFIX + collectionId + "/").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int collectionId, String field) {
    return (FIELD_INDEX_PREFIX + collectionId + "/" + field).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    end[end.length - 1]++;
    return end;
  }

  static void putFieldIndex(KvBatch batch, int collectionId, String field, FieldIndexType type) {
    batch.put(Column.META, key(collectionId, field), type.name().getBytes(StandardCharsets.UTF_8));
  }

  static void deleteFieldIndex(KvBatch batch, int collectionId, String field) {
    batch.delete(Column.META, key(collectionId, field));
  }

  static void addDropOps(KvBatch batch, int collectionId) {
    byte[] p = prefix(collectionId);
    batch.deleteRange(Column.META, p, prefixEnd(p));
  }

  /** Empty indexes for every persisted definition of the collection. */
  static List<FieldIndex> readFieldIndexes(KvStore store, int collectionId) {
    byte[] p = prefix(collectionId);
    List<FieldIndex> out = new ArrayList<>();
    try (KvCursor c = store.scan(Column.META, p, prefixEnd(p))) {
      for (; c.valid(); c.next()) {
        String field = new String(c.key(), p.length, c.key().length - p.length, StandardCharsets.UTF_8);
        out.add(new FieldIndex(field, FieldIndexType.valueOf(new String(c.value(), StandardCharsets.UTF_8))));
      }
    }
    return out;
  }

  /** Feeds every stored payload of a live point to {@code sink}. */
  static void backfill(KvStore store, int collectionId, ToIntFunction<PointId> ordinalOf, OrdinalSink sink) {
    try (KvCursor c = store.scan(Column.PAYLOADS, PointKeyCodec.collectionStart(collectionId),
        PointKeyCodec.collectionEnd(collectionId))) {
      for (; c.valid(); c.next()) {
        int o = ordinalOf.applyAsInt(PointKeyCodec.idFromKey(c.key()));
        if (o >= 0) {
          sink.add(o, PayloadCodec.decode(c.value()));
        }
      }
    }
  }

  /**
   * The ordinals among {@code candidates} whose stored payload matches {@code filter}: read by
   * key when the candidates are few, else by one scan of the collection's payloads.
   */
  static BitSet checkPayloads(KvStore store, int collectionId, Filter filter, BitSet candidates, int live,
      IntFunction<PointId> idOf, ToIntFunction<PointId> ordinalOf) {
    BitSet out = new BitSet();
    int n = candidates.cardinality();
    if (n == 0) {
      return out;
    }
    if (n <= live / MULTI_GET_DIVISOR) {
      List<PointId> ids = new ArrayList<>(MULTI_GET_CHUNK);
      List<Integer> ords = new ArrayList<>(MULTI_GET_CHUNK);
      for (int o = candidates.nextSetBit(0); ; o = candidates.nextSetBit(o + 1)) {
        if (o >= 0) {
          ids.add(idOf.apply(o));
          ords.add(o);
        }
        if (ids.size() == MULTI_GET_CHUNK || (o < 0 && !ids.isEmpty())) {
          List<byte[]> keys = new ArrayList<>(ids.size());
          for (PointId id : ids) {
            keys.add(PointKeyCodec.key(collectionId, id));
          }
          List<byte[]> values = store.multiGet(Column.PAYLOADS, keys);
          for (int i = 0; i < ids.size(); i++) {
            Payload p = values.get(i) == null ? Payload.EMPTY : PayloadCodec.decode(values.get(i));
            if (FilterEvaluator.matches(filter, ids.get(i), p)) {
              out.set(ords.get(i));
            }
          }
          ids.clear();
          ords.clear();
        }
        if (o < 0) {
          break;
        }
      }
      return out;
    }
    try (KvCursor c = store.scan(Column.PAYLOADS, PointKeyCodec.collectionStart(collectionId),
        PointKeyCodec.collectionEnd(collectionId))) {
      for (; c.valid(); c.next()) {
        PointId id = PointKeyCodec.idFromKey(c.key());
        int o = ordinalOf.applyAsInt(id);
        if (o >= 0 && candidates.get(o) && FilterEvaluator.matches(filter, id, PayloadCodec.decode(c.value()))) {
          out.set(o);
        }
      }
    }
    return out;
  }
}
